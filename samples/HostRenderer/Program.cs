using NeuralSdf.Hosting;
using NeuralSdf.Runtime;
using NeuralSdf.Samples.HostRenderer;

// A minimal host engine that embeds a neural SDF into its own OpenGL frame.
// Usage: HostRenderer [MODEL.nsdf] [-o OUT.png] [--size WIDTHxHEIGHT]
string modelPath = Path.Combine(AppContext.BaseDirectory, "torus.nsdf");
string output = "host-renderer.png";
(int width, int height) = (640, 480);
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "-o" when i + 1 < args.Length: output = args[++i]; break;
        case "--size" when i + 1 < args.Length:
            string[] parts = args[++i].Split('x');
            if (parts.Length != 2 || !int.TryParse(parts[0], out width) || !int.TryParse(parts[1], out height) || width < 1 || height < 1)
            {
                Console.Error.WriteLine($"--size wants WIDTHxHEIGHT, e.g. 640x480; got '{args[i]}'");
                return 2;
            }
            break;
        default: modelPath = args[i]; break;
    }
}

try
{
    // The host's context (here a headless EGL one) and the host's framebuffer.
    using var context = new HeadlessGlContext();
    using var framebuffer = new OffscreenFramebuffer(context.Gl, width, height);
    framebuffer.Bind();

    // Embedding the runtime: load the model, make a renderer on the current context, draw it inside the frame.
    SdfModel model = SdfModel.Load(modelPath);
    using var renderer = new SdfRenderer(context.Gl);
    using var scene = new HostScene(context.Gl, model, (float)width / height);
    scene.DrawFrame(renderer);

    byte[] rgba = framebuffer.ReadRgba();
    for (int i = 3; i < rgba.Length; i += 4) rgba[i] = 255; // the sky is cleared with alpha 0; the picture is opaque
    PngFile.Write(output, width, height, rgba);
    Console.WriteLine($"Wrote {output} ({width}x{height}, {model.Network.Describe()}, weights in {renderer.StorageFor(model)}, {context.Renderer})");
    return 0;
}
catch (Exception e) when (e is SdfFormatException or GlUnavailableException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
