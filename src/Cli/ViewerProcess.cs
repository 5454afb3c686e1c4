using System.Diagnostics;

namespace NeuralSdf.Cli;

/// <summary>
/// <c>neuralsdf view MODEL</c> in a child process, for <c>fit --view</c> and <c>fit-image --view</c>: the window runs its
/// own event loop while training goes on, and picks up each checkpoint as the model file is rewritten.
/// </summary>
internal sealed class ViewerProcess : IDisposable
{
    private readonly Process _process;

    private ViewerProcess(Process process) => _process = process;

    /// <summary>Starts this same program as <c>view <paramref name="modelPath"/></c>, sharing the console.</summary>
    public static ViewerProcess Start(string modelPath)
    {
        string program = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown.");
        var info = new ProcessStartInfo(program) { UseShellExecute = false };
        // Run as `dotnet neuralsdf.dll`, the host is dotnet: pass the assembly too.
        if (Path.GetFileNameWithoutExtension(program).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            info.ArgumentList.Add(typeof(ViewerProcess).Assembly.Location);
        info.ArgumentList.Add("view");
        info.ArgumentList.Add(modelPath);
        return new ViewerProcess(Process.Start(info) ?? throw new InvalidOperationException("The viewer process did not start."));
    }

    /// <summary>Waits until the user closes the viewer; returns its exit code.</summary>
    public int WaitForExit()
    {
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose() => _process.Dispose();
}
