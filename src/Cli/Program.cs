using System.CommandLine;
using NeuralSdf.Cli;

var root = new RootCommand("NeuralSdf: fit neural signed distance functions to meshes and point clouds, and neural image fields to images; export and render them.")
{
    FitCommand.Create(),
    FitImageCommand.Create(),
    BlendCommand.Create(),
    MeshCommand.Create(),
    ExportCommand.Create(),
    RenderCommand.Create(),
    RenderImageCommand.Create(),
    ViewCommand.Create(),
    EvalCommand.Create(),
    DemoCommand.Create(),
};
return root.Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
