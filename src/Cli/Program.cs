using System.CommandLine;
using NeuralSdf.Cli;

var root = new RootCommand("NeuralSdf: fit neural signed distance functions to meshes and point clouds, export and render them.")
{
    FitCommand.Create(),
    MeshCommand.Create(),
    ExportCommand.Create(),
    RenderCommand.Create(),
    ViewCommand.Create(),
    EvalCommand.Create(),
    DemoCommand.Create(),
};
return root.Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
