// Image fields: SIREN against ReLU + positional encoding (the SIREN paper's baseline) at equal parameters and time, and
// the paper's Poisson fits of the cameraman (from its gradients, from its Laplacian), PSNR against wall-clock seconds.
//
//   bench/ImageBench/fetch-images.sh            (once: scikit-image's test images, halved to 256²)
//   dotnet run -c Release --project bench/ImageBench -- --mode compare --seconds 60,300
//   dotnet run -c Release --project bench/ImageBench -- --mode poisson --minutes 10 --batch 8192,65536
//   dotnet run -c Release --project bench/ImageBench -- --mode gradient-ceiling
using NeuralSdf.Bench;
using TorchSharp;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"ImageBench: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.Mode == BenchMode.Prepare)
{
    if (options.From is null || options.To is null)
    {
        Console.Error.WriteLine("ImageBench: --mode prepare needs --from and --to");
        return 2;
    }
    ImagePreparation.Run(options.From, options.To, options.Names);
    return 0;
}

string[] defaultNames = options.Mode == BenchMode.Compare ? ["camera.png", "brick.png"] : ["camera.png"];
IReadOnlyList<string> images = options.Images.Count > 0 ? options.Images : defaultNames.Select(TestImages.Find).ToArray();
if (images.FirstOrDefault(p => !File.Exists(p)) is { } missing)
{
    Console.Error.WriteLine($"ImageBench: {missing} does not exist; run bench/ImageBench/fetch-images.sh first, or pass --image PATH");
    return 1;
}

if (options.Threads is { } threads) torch.set_num_threads(threads);
Console.WriteLine($"# ImageBench — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {BenchMachine.Description}");
Console.WriteLine($"# TorchSharp {typeof(torch).Assembly.GetName().Version} (CPU, {torch.get_num_threads()} threads); load average {BenchMachine.LoadAverage()} at the start");
Console.WriteLine($"# ImageBench {string.Join(' ', args)}");

switch (options.Mode)
{
    case BenchMode.Compare:
        ComparisonBench.Run(options, images);
        break;
    case BenchMode.Poisson:
        foreach (string image in images) PoissonBench.Run(options, image);
        break;
    case BenchMode.GradientCeiling:
        foreach (string image in images) GradientCeiling.Run(image);
        break;
}

Console.WriteLine();
Console.WriteLine($"# done {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {BenchMachine.LoadAverage()} at the end");
return 0;
