// Frame time of SdfRenderer per weight storage (SSBO, UBO, texture buffer, inline constants) on this machine's GL,
// or (--tracers) today's tracer against the one before issue 11 (TracerComparison.cs).
//
//   dotnet run -c Release --project bench/RendererBench -- [--size 256] [--frames 5] [--model FILE.nsdf]...
//       [--storages ShaderStorageBuffer,UniformBuffer,TextureBuffer,Inline] [--no-random]
//   dotnet run -c Release --project bench/RendererBench -- --tracers [--sizes 256,512] [--frames 3] [--model FILE.nsdf]...
//       [--images DIR]   (models: samples/HostRenderer/torus.nsdf and those given)
//
// Cases: seeded random SIRENs 3→64→64→1 and 3→128→128→128→1 (SIREN initialization, as the tests build them),
// plus any trained model files given. Each frame is one SdfRenderer.Draw of the model framed by the default camera
// into a SIZE×SIZE offscreen framebuffer, then glFinish. The first frame (shader compile + draw) is reported apart;
// the figure is the median of the next FRAMES frames. Ratios are against the SSBO storage of the same case.
using NeuralSdf.Hosting;
using NeuralSdf.Runtime.Shaders;
using System.Globalization;
using NeuralSdf.Bench;
using NeuralSdf.Runtime;
using NeuralSdf.Tests;
using Silk.NET.OpenGL;

int size = 256, frames = 5;
GlslWeightStorage[] storages = [GlslWeightStorage.ShaderStorageBuffer, GlslWeightStorage.UniformBuffer, GlslWeightStorage.TextureBuffer, GlslWeightStorage.Inline];
var cases = new List<(string Name, SdfModel Model)>
{
    ("random 3→64→64→1", TestModels.RandomSiren(1, 64, 64)),
    ("random 3→128→128→128→1", TestModels.RandomSiren(2, 128, 128, 128)),
};
if (args.Contains("--tracers"))
{
    var models = new List<(string, SdfModel)>();
    string torus = Path.Combine(RepositoryRoot(), "samples", "HostRenderer", "torus.nsdf");
    models.Add(("torus.nsdf", SdfModel.Load(torus)));
    int[] sizes = [256, 512];
    int tracerFrames = 3;
    string images = Path.Combine(RepositoryRoot(), "out", "renderer-bench");
    for (int i = 0; i < args.Length; i++)
    {
        if (args[i] == "--tracers") continue;
        if (args[i] == "--sizes") sizes = args[++i].Split(',').Select(int.Parse).ToArray();
        else if (args[i] == "--frames") tracerFrames = int.Parse(args[++i], CultureInfo.InvariantCulture);
        else if (args[i] == "--model") { string path = args[++i]; models.Add((Path.GetFileName(path), SdfModel.Load(path))); }
        else if (args[i] == "--images") images = args[++i];
        else throw new ArgumentException($"unknown argument {args[i]}");
    }
    TracerComparison.Run(models, sizes, tracerFrames, images);
    return;
}

for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--size") size = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--frames") frames = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--model") { string path = args[++i]; cases.Add(($"{Path.GetFileName(path)} ({SdfModel.Load(path).Network.Describe()})", SdfModel.Load(path))); }
    else if (args[i] == "--storages") storages = args[++i].Split(',').Select(Enum.Parse<GlslWeightStorage>).ToArray();
    else if (args[i] == "--no-random") cases.RemoveAll(c => c.Name.StartsWith("random", StringComparison.Ordinal));
    else throw new ArgumentException($"unknown argument {args[i]}");
}

using var context = new HeadlessGlContext();
GL gl = context.Gl;
GlWeightStorageLimits limits = GlWeightStorageLimits.Query(gl);
Console.WriteLine($"RendererBench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"Machine: {BenchMachine.Description}");
Console.WriteLine($"GL: {context.Renderer}, OpenGL {context.Version}; GL_MAX_UNIFORM_BLOCK_SIZE {limits.MaxUniformBlockBytes:N0} B, " +
    $"GL_MAX_TEXTURE_BUFFER_SIZE {limits.MaxTextureBufferTexels:N0} texels, GL_MAX_SHADER_STORAGE_BLOCK_SIZE {limits.MaxShaderStorageBlockBytes:N0} B");
Console.WriteLine($"{size}×{size} pixels, {frames} timed frames after one warm-up, MaxSteps 128");
Console.WriteLine();
Console.WriteLine("| network | storage | weights | first frame (compile + draw) | median frame | speed vs SSBO | hit pixels |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");

using var framebuffer = new OffscreenFramebuffer(gl, size, size);
foreach ((string name, SdfModel model) in cases)
{
    CameraSetup camera = CameraSetup.Frame(model.Bounds, 40f, 1f);
    var view = camera.ViewMatrix();
    var projection = camera.ProjectionMatrix(1f, model.Bounds);
    double? ssbo = null;
    foreach (GlslWeightStorage storage in storages)
    {
        int bytes = 4 * GlslBaker.Bake(model, GlslWeightStorage.ShaderStorageBuffer).PackedWeights.Length;
        if (!limits.Fits(storage, model))
        {
            Console.WriteLine($"| {name} | {storage} | {bytes:N0} B | does not fit this driver's limits | | | |");
            continue;
        }
        using var renderer = new SdfRenderer(gl, storage);
        framebuffer.Bind();
        double first = FrameTimer.Time(gl, () => renderer.Draw(model, System.Numerics.Matrix4x4.Identity, view, projection));
        double[] times = Enumerable.Range(0, frames).Select(_ => FrameTimer.Time(gl, () => renderer.Draw(model, System.Numerics.Matrix4x4.Identity, view, projection))).Order().ToArray();
        double median = times[times.Length / 2];
        ssbo ??= storage == GlslWeightStorage.ShaderStorageBuffer ? median : null;
        byte[] rgba = framebuffer.ReadRgba();
        double hits = Enumerable.Range(0, size * size).Count(p => rgba[4 * p + 3] != 0) / (double)(size * size);
        string ratio = ssbo is { } s ? $"{s / median:F2}×" : "";
        Console.WriteLine($"| {name} | {storage} | {bytes:N0} B | {first:F2} s | {1000 * median:F0} ms | {ratio} | {hits:P0} |");
    }
    Console.WriteLine($"| {name} | default (GlWeightStorageLimits.Choose) = {limits.Choose(model)} | | | | | |");
}

static string RepositoryRoot()
{
    string? directory = AppContext.BaseDirectory;
    while (directory is not null && !File.Exists(Path.Combine(directory, "NeuralSdf.sln"))) directory = Path.GetDirectoryName(directory);
    return directory ?? throw new InvalidOperationException("NeuralSdf.sln not found above the benchmark's folder");
}
