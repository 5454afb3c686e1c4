using NeuralSdf.Runtime;
using NeuralSdf.Training.Images;

namespace NeuralSdf.Training.Tests.Images;

public class ImageTrainerTests
{
    private static readonly TrainingOptions Small = ImageTrainer.DefaultOptions with
    {
        Steps = 300, HiddenLayers = 2, HiddenWidth = 48, Omega0 = 30, BatchSize = 1024, Device = "cpu", Seed = 2,
    };

    [Fact]
    public void ImageFieldsTrainOnTorchSharpAndSaySoWhenToldTheFusedPath()
    {
        SourceImage image = SmoothImages.Ripple(8, 8, 1);
        TrainingOptionException e = Assert.Throws<TrainingOptionException>(() => ImageTrainer.Fit(image, ImageSupervision.Values, Small with { Backend = "cpu" }));
        Assert.Equal("Backend", e.Option);
        Assert.Contains("image fields train on TorchSharp only", e.Message);
        Assert.Equal(5, ImageTrainer.Fit(image, ImageSupervision.Values, Small with { Backend = "auto", Steps = 5 }).Steps);
    }

    [Fact]
    public void ValuesFitReproducesASmoothImage()
    {
        SourceImage image = SmoothImages.Ripple(48, 32, 3);
        ImageTrainingResult result = ImageTrainer.Fit(image, ImageSupervision.Values, Small);
        ImageQuality quality = ImageQuality.Measure(result.Field, image);
        Assert.True(quality.Psnr > 35, $"PSNR {quality.Psnr:0.00} dB after {result.Steps} steps (bound 35)");
        Assert.Equal((48, 32, 3, "srgb"), (result.Field.Width, result.Field.Height, result.Field.Channels, result.Field.ColorSpace));
        Assert.Equal("values", result.Field.Field.Metadata["training.supervise"]);
        Assert.True(result.History[^1].Loss.Psnr > result.History[0].Loss.Psnr + 10, "the progress PSNR rises");
    }

    [Fact]
    public void GradientsAloneRecoverTheImageUpToTheSourcesMean()
    {
        SourceImage image = SmoothImages.Ripple(48, 32, 1);
        ImageTrainingResult result = ImageTrainer.Fit(image, ImageSupervision.Gradients, Small with { Steps = 400 });
        ImageQuality quality = ImageQuality.Measure(result.Field, image);
        double fitMean = quality.Fit.Average(), sourceMean = image.Pixels.ToArray().Average();
        Assert.True(Math.Abs(fitMean - sourceMean) < 2e-3, $"the field's mean {fitMean:0.0000} should be the source's {sourceMean:0.0000}");
        Assert.True(quality.Aligned);
        Assert.True(quality.Psnr > 28, $"PSNR from gradients alone {quality.Psnr:0.00} dB (bound 28)");
    }

    [Fact]
    public void BaselineHasTheSirensParameterCountAndLearnsTheImage()
    {
        SourceImage image = SmoothImages.Ripple(48, 32, 3);
        ImageBaselineResult baseline = ImageTrainer.FitBaseline(image, ImageSupervision.Values, Small, TimeSpan.FromSeconds(3));
        long siren = SirenModule.ParameterCount(2, 3, Small.HiddenLayers, Small.HiddenWidth);
        Assert.True(Math.Abs((double)baseline.Parameters / siren - 1) < 0.02, $"{baseline.Parameters:N0} parameters against the SIREN's {siren:N0}");
        Assert.Equal(Small.HiddenLayers, baseline.HiddenLayers);
        Assert.True(baseline.Steps > 0 && baseline.History.Count > 0);

        float[] source = image.Pixels.ToArray(), flat = ImageMetrics.AlignMean(new float[source.Length], source, 3);
        double constant = ImageMetrics.Psnr(flat, source);
        Assert.True(baseline.Quality.Psnr > constant + 6, $"baseline PSNR {baseline.Quality.Psnr:0.00} dB against {constant:0.00} dB for the mean colour");
    }

    [Fact]
    public void BaselineFromGradientsIsAlignedToTheSourcesMean()
    {
        SourceImage image = SmoothImages.Ripple(48, 32, 1);
        ImageBaselineResult baseline = ImageTrainer.FitBaseline(image, ImageSupervision.Gradients, Small, TimeSpan.FromSeconds(2));
        Assert.True(baseline.Quality.Aligned);
        double fitMean = baseline.Quality.Fit.Average(), sourceMean = image.Pixels.ToArray().Average();
        Assert.True(Math.Abs(fitMean - sourceMean) < 2e-2, $"the baseline's mean {fitMean:0.0000} should be near the source's {sourceMean:0.0000} (clamping aside)");
    }

    [Fact]
    public void LaplacianAloneRecoversTheImageWhenEachStepSeesItWhole()
    {
        // The ripple has a linear ramp in it: a harmonic function, which the plain loss on random pixels cannot see.
        // ω₀ = 10 keeps the network's frequencies as far below the pixels' as ω₀ = 30 does on a 256² image: a Laplacian
        // at pixel centers alone says nothing about the values there, only a band-limited network ties them together
        // (with ω₀ = 30 this 32² fit drives the loss to 1e-6 at 18 dB).
        SourceImage image = SmoothImages.Ripple(32, 32, 1);
        TrainingOptions options = Small with { Steps = 300, LearningRate = 3e-4, Omega0 = 10 };
        ImageTrainingResult whole = ImageTrainer.Fit(image, ImageSupervision.Laplacian, options);
        ImageTrainingResult sampled = ImageTrainer.Fit(image, ImageSupervision.Laplacian, options with { BatchSize = 512 });
        double wholePsnr = ImageQuality.Measure(whole.Field, image).Psnr, sampledPsnr = ImageQuality.Measure(sampled.Field, image).Psnr;
        Assert.True(whole.FinalLoss.Laplacian < whole.History[0].Loss.Laplacian / 100, $"the Laplacian term falls: {whole.History[0].Loss.Laplacian:E2} → {whole.FinalLoss.Laplacian:E2}");
        Assert.True(wholePsnr > 30, $"PSNR from the whole image's Laplacian {wholePsnr:0.00} dB (bound 30)");
        Assert.True(wholePsnr > sampledPsnr + 6, $"whole image {wholePsnr:0.00} dB against random batches of half of it {sampledPsnr:0.00} dB (bound: 6 dB better)");
    }

    [Fact]
    public void HdrValuesAboveOneAreFittedInLinearSpace()
    {
        SourceImage ldr = SmoothImages.Ripple(32, 24, 3);
        float[] radiance = ldr.Pixels.ToArray().Select(v => 6f * v * v).ToArray(); // 0.06 to 4.9
        var hdr = new SourceImage(32, 24, 3, radiance, bitsPerChannel: 32, sourcePath: "sky.hdr");
        ImageTrainingResult result = ImageTrainer.Fit(hdr, ImageSupervision.Values, Small);
        Assert.Equal("linear", result.Field.ColorSpace);
        float[] fit = result.Field.Render(32, 24, UvRegion.Whole);
        double worst = fit.Zip(radiance, (a, b) => Math.Abs(a - b) / Math.Max(b, 1)).Max();
        Assert.True(fit.Max() > 4, $"values above 1 survive: largest {fit.Max():0.00}");
        Assert.True(worst < 0.05, $"max relative error {worst:P1} (bound 5 %)");
    }

    [Fact]
    public void SameSeedGivesTheSameWeights()
    {
        SourceImage image = SmoothImages.Ripple(24, 16, 2);
        TrainingOptions options = Small with { Steps = 20 };
        float[] first = Weights(ImageTrainer.Fit(image, ImageSupervision.ValuesAndGradients, options).Field);
        float[] second = Weights(ImageTrainer.Fit(image, ImageSupervision.ValuesAndGradients, options).Field);
        float[] other = Weights(ImageTrainer.Fit(image, ImageSupervision.ValuesAndGradients, options with { Seed = 9 }).Field);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void ResumeContinuesTheStepsAndRefusesAnotherImage()
    {
        SourceImage image = SmoothImages.Ripple(24, 16, 3);
        ImageTrainingResult first = ImageTrainer.Fit(image, ImageSupervision.Values, Small with { Steps = 30 });
        ImageTrainingResult resumed = ImageTrainer.Fit(image, ImageSupervision.Values, Small with { Steps = 50, HiddenWidth = 7 }, resume: first.Checkpoint);
        Assert.Equal(50, resumed.Steps);
        Assert.Equal(48, resumed.Field.Field.Network.Layers[0].Outputs); // the checkpoint's architecture wins
        var e = Assert.Throws<TrainingInputException>(() => ImageTrainer.Fit(SmoothImages.Ripple(20, 16, 3), ImageSupervision.Values, Small, resume: first.Checkpoint));
        Assert.Contains("the field to resume is 24×16", e.Message);
    }

    [Fact]
    public void CheckpointsAreLoadableFieldsAndCancellationKeepsTheWork()
    {
        string folder = Directory.CreateTempSubdirectory("nsdf-image-ckpt-").FullName;
        try
        {
            string path = Path.Combine(folder, "tile.nsdf");
            using var cancel = new CancellationTokenSource();
            int checkpoints = 0;
            ImageTrainingResult result = ImageTrainer.Fit(SmoothImages.Ripple(24, 16, 1), ImageSupervision.Values, Small with { Steps = 100_000, CheckpointSeconds = 0 },
                checkpoint: c =>
                {
                    c.Save(path);
                    if (++checkpoints == 5) cancel.Cancel();
                }, cancellation: cancel.Token);
            Assert.True(result.Cancelled);
            TrainingCheckpoint loaded = TrainingCheckpoint.Load(path, out string? warning, FieldKind.Image);
            Assert.Null(warning);
            Assert.Equal(5, loaded.Step);
            Assert.Equal(FieldKind.Image, ImageField.Load(path).Field.Kind);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static float[] Weights(ImageField field) => field.Field.Network.Layers.SelectMany(l => l.Weights.Concat(l.Bias)).ToArray();
}
