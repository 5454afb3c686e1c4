using System.CommandLine;
using NeuralSdf.Training;
using NeuralSdf.Training.Images;

namespace NeuralSdf.Cli;

/// <summary>
/// <c>neuralsdf blend BACKGROUND SOURCE --mask MASK -o OUT.nsdf</c>: Poisson image editing (seamless cloning) — a field whose
/// gradients are the source's inside the mask and the background's outside, and whose values outside are the background's.
/// </summary>
internal static class BlendCommand
{
    private static readonly Argument<string> Background = new("background") { Description = "The image to paste into" };
    private static readonly Argument<string> Source = new("source") { Description = "The image whose part inside the mask is pasted (same size and channels as the background)" };
    private static readonly Option<string> Mask = new("--mask") { Description = "Where the source goes: an image of the same size, white (above 50 % in its first channel) inside", Required = true };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "Field file to write; the blended picture goes beside it as a PNG of the same name", Required = true };
    private static readonly TrainingCommandOptions Training = new(ImageTrainer.DefaultOptions, "field", "Pixels per step (the whole image when it has fewer)",
        "source, fit and error side by side, PSNR and SSIM against time");

    public static Command Create()
    {
        var command = new Command("blend", "Poisson image editing: paste the source into the background seamlessly (gradients of the source inside the mask), as a field and a PNG")
        {
            Background, Source, Mask, Output,
        };
        Training.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string output = parse.GetValue(Output)!;
            TrainingOptions options = Training.Read(parse);
            SourceImage background = ImageReader.Read(parse.GetValue(Background)!);
            SourceImage source = ImageReader.Read(parse.GetValue(Source)!);
            SourceImage mask = ImageReader.Read(parse.GetValue(Mask)!);
            string png = Path.ChangeExtension(output, ".png");
            return FitImageCommand.Fit(background, $"gradients of {Path.GetFileName(source.SourcePath)} inside {Path.GetFileName(mask.SourcePath)}, of the background outside",
                output, options, parse.GetValue(Training.Resume), report: !parse.GetValue(Training.NoReport), ImageSupervision.ValuesAndGradients,
                (progress, checkpoint, token, state) => ImageTrainer.Blend(background, source, mask, options, progress, checkpoint, token, state), png,
                view: parse.GetValue(Training.View)).ExitCode;
        }));
        return command;
    }
}
