// Mesh extraction, dense grid vs narrow band: evaluated points, wall time of the extraction, CPU time and peak
// memory (VmHWM) of the whole child process (start-up and model load included) per case.
// Each case runs in a child process of its own so that its peak working set is its own.
//
//   dotnet run -c Release --project bench/MeshingBench -- [--resolutions 128,256,512] [--dense-siren-max 256] [--model FILE.nsdf]
//
// Cases: an analytic sphere (radius 0.35 of the box, off-centre), a random 3×128 SIREN (SIREN initialization,
// seed 1, as tests/Shared/TestModels.cs builds them), and optionally a trained model file.
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using NeuralSdf.Bench;
using NeuralSdf.Runtime;
using NeuralSdf.Tests;

var box = new BoundingBox(new Vector3(-1), new Vector3(1));

if (args.Length > 0 && args[0] == "--case")
{
    // Child: --case NAME RESOLUTION dense|narrow [MODEL]
    string name = args[1];
    int resolution = int.Parse(args[2], CultureInfo.InvariantCulture);
    bool dense = args[3] == "dense";
    var options = new MeshExtractionOptions { CleanUp = false, Dense = dense };
    var clock = Stopwatch.StartNew();
    TriangleMesh mesh;
    MeshExtractionStatistics stats;
    if (name == "sphere")
    {
        var center = new Vector3(0.031f, -0.017f, 0.023f);
        mesh = MeshExtractor.Extract((points, distances) =>
        {
            for (int n = 0; n < points.Length; n++) distances[n] = Vector3.Distance(points[n], center) - 0.7f;
        }, box, resolution, options, out stats);
    }
    else
    {
        SdfModel model = name == "siren" ? TestModels.RandomSiren(1, box, 128, 128, 128) : SdfModel.Load(args[4]);
        mesh = MeshExtractor.Extract(model, resolution, options, out stats);
    }
    double seconds = clock.Elapsed.TotalSeconds;
    double cpuSeconds = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    long peak = PeakWorkingSet();
    Console.WriteLine(string.Join('\t', stats.EvaluatedPoints, stats.GridSamples, mesh.TriangleCount, mesh.Positions.Length,
        seconds.ToString("F2", CultureInfo.InvariantCulture), peak, cpuSeconds.ToString("F2", CultureInfo.InvariantCulture)));
    return;
}

int[] resolutions = [128, 256, 512];
int denseSirenMax = 256;
string? modelFile = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--resolutions") resolutions = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    else if (args[i] == "--dense-siren-max") denseSirenMax = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--model") modelFile = Path.GetFullPath(args[++i]);
    else throw new ArgumentException($"unknown argument {args[i]}");
}

Console.WriteLine($"# MeshingBench — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {BenchMachine.Description}, .NET {Environment.Version}");
Console.WriteLine($"# load average at start: {BenchMachine.LoadAverage()}");
if (modelFile is not null)
{
    SdfModel model = SdfModel.Load(modelFile);
    Console.WriteLine($"# model {modelFile}: {string.Join(", ", model.Metadata.Select(p => $"{p.Key}={p.Value}"))}");
}
Console.WriteLine();
Console.WriteLine("| case | res | path | evaluated points | of grid | triangles | wall s | CPU s | peak memory | narrow / dense wall |");
Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");

var cases = new List<string> { "sphere", "siren" };
if (modelFile is not null) cases.Add("model");
foreach (string name in cases)
{
    string label = name switch { "siren" => "random SIREN", "model" => Path.GetFileNameWithoutExtension(modelFile!), _ => name };
    foreach (int resolution in resolutions)
    {
        double? denseSeconds = null;
        foreach (string path in new[] { "dense", "narrow" })
        {
            if (path == "dense" && name != "sphere" && resolution > denseSirenMax)
            {
                BoundingBox sampled = name == "model" ? Inflated(SdfModel.Load(modelFile!).Bounds) : Inflated(box);
                var (x, y, z) = SdfGrid.SampleCounts(sampled, resolution);
                Console.WriteLine($"| {label} | {resolution} | dense | {(long)x * y * z:N0} | 100 % | | skipped | | | |");
                continue;
            }
            string[] fields = RunChild(name, resolution, path, modelFile).Split('\t');
            long evaluated = long.Parse(fields[0]), grid = long.Parse(fields[1]);
            double seconds = double.Parse(fields[4], CultureInfo.InvariantCulture);
            long peak = long.Parse(fields[5]);
            if (path == "dense") denseSeconds = seconds;
            string ratio = path == "narrow" && denseSeconds is double d ? $"{seconds / d:F2}×" : "";
            Console.WriteLine($"| {label} | {resolution} | {path} | {evaluated:N0} | {(double)evaluated / grid:P1} | {long.Parse(fields[2]):N0} | {seconds:F1} | {double.Parse(fields[6], CultureInfo.InvariantCulture):F1} | {peak / (1024.0 * 1024):N0} MiB | {ratio} |");
        }
    }
}

Console.WriteLine();
Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average at end: {BenchMachine.LoadAverage()}");


static string RunChild(string name, int resolution, string path, string? modelFile)
{
    string self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(MeshExtractor).Assembly.Location.Replace("NeuralSdf.Runtime.dll", "MeshingBench.dll"));
    foreach (string a in new[] { "--case", name, resolution.ToString(CultureInfo.InvariantCulture), path, modelFile ?? "" }) start.ArgumentList.Add(a);
    using Process child = Process.Start(start)!;
    string output = child.StandardOutput.ReadToEnd().Trim();
    child.WaitForExit();
    if (child.ExitCode != 0) throw new InvalidOperationException($"case {name} {resolution} {path} failed with exit code {child.ExitCode}");
    return output;
}

static BoundingBox Inflated(BoundingBox bounds) => bounds.Inflate(MeshExtractor.BoundsMargin * bounds.Diagonal);

static long PeakWorkingSet()
{
    // VmHWM: the most resident memory this process has had, in kB.
    string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
    return line is null ? Process.GetCurrentProcess().PeakWorkingSet64 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
}
