using System.Diagnostics;

namespace NeuralSdf.Cli.Tests;

/// <summary>
/// A private X server (Xvfb on a free display number, <c>-displayfd</c>) for window tests, with xdotool to drive it.
/// Skips on a developer's box that lacks Xvfb, xdotool or GLFW; fails under CI=true (see <see cref="Requirements"/>).
/// </summary>
public sealed class XvfbDisplay : IDisposable
{
    private readonly Process _server;

    public XvfbDisplay()
    {
        string xvfb = Requirements.Tool("Xvfb", "xvfb");
        Xdotool = Requirements.Tool("xdotool", "xdotool");
        Requirements.NativeLibrary("libglfw.so.3", "libglfw3");
        var start = new ProcessStartInfo(xvfb) { RedirectStandardOutput = true, RedirectStandardError = true };
        // -displayfd 1: Xvfb picks a free display number and writes it to its standard output once it is ready.
        foreach (string argument in new[] { "-displayfd", "1", "-screen", "0", "640x480x24", "-nolisten", "tcp" }) start.ArgumentList.Add(argument);
        _server = Process.Start(start)!;
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginErrorReadLine();
        Task<string?> line = _server.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || !int.TryParse(line.Result, out int number))
        {
            Dispose();
            throw new InvalidOperationException("Xvfb did not report a display number within 30 s");
        }
        Name = $":{number}";
    }

    /// <summary>The DISPLAY value, e.g. <c>:1</c>.</summary>
    public string Name { get; }

    /// <summary>The full path of xdotool.</summary>
    public string Xdotool { get; }

    /// <summary>Runs xdotool on this display; throws when it fails.</summary>
    public string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Xdotool) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DISPLAY"] = Name;
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException($"xdotool {string.Join(' ', arguments)} did not finish");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"xdotool {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        return output;
    }

    public void Dispose()
    {
        if (!_server.HasExited) _server.Kill();
        _server.WaitForExit();
        _server.Dispose();
    }
}
