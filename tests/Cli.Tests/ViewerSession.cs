using System.Collections.Concurrent;
using System.Diagnostics;
using StbImageSharp;

namespace NeuralSdf.Cli.Tests;

/// <summary>
/// A <c>neuralsdf</c> process that opens a viewer window on an <see cref="XvfbDisplay"/>, driven with xdotool as a
/// user would: keys go to the window under the pointer, F12 screenshots are awaited by the line the viewer prints.
/// </summary>
internal sealed class ViewerSession : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly XvfbDisplay _display;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private string _window = "";

    public ViewerSession(XvfbDisplay display, string workingDirectory, params string[] arguments)
    {
        _display = display;
        ProcessStartInfo start = CliProcess.StartInfo(workingDirectory, arguments);
        start.Environment["DISPLAY"] = display.Name;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _errors.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> Output => _output;

    public IReadOnlyCollection<string> Errors => _errors;

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the window to open, then puts the pointer in it so it has the keyboard (Xvfb has no window manager).</summary>
    public void WaitForWindow()
    {
        WaitFor(() => _output.Any(l => l.StartsWith("Viewing ", StringComparison.Ordinal)), "the viewer to start");
        _window = _display.Run("search", "--sync", "--onlyvisible", "--name", "^NeuralSdf").Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        _display.Run("mousemove", "--window", _window, "40", "40");
    }

    public void Key(params string[] keys) => _display.Run(["key", "--delay", "50", .. keys]);

    /// <summary>Holds <paramref name="key"/> down for <paramref name="milliseconds"/>.</summary>
    public void Hold(string key, int milliseconds)
    {
        _display.Run("keydown", key);
        Thread.Sleep(milliseconds);
        _display.Run("keyup", key);
    }

    /// <summary>Presses F12 and returns the screenshot the viewer says it saved.</summary>
    public ImageResult Screenshot()
    {
        int before = Saved().Length;
        Key("F12");
        WaitFor(() => Saved().Length > before, "a screenshot");
        string path = Saved()[before];
        return ImageResult.FromMemory(File.ReadAllBytes(path), ColorComponents.RedGreenBlueAlpha);
    }

    public string[] Saved() => _output.Where(l => l.StartsWith("Saved screenshot ", StringComparison.Ordinal)).Select(l => l["Saved screenshot ".Length..]).ToArray();

    public void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited && !condition())
            {
                _process.WaitForExit();
                throw new InvalidOperationException($"neuralsdf exited ({_process.ExitCode}) while waiting for {what}: {Describe()}");
            }
            if (clock.Elapsed > Patience) throw new TimeoutException($"waited {Patience.TotalMinutes} min for {what}: {Describe()}");
            Thread.Sleep(50);
        }
    }

    public int WaitForExit()
    {
        if (!_process.WaitForExit(Patience)) throw new TimeoutException($"neuralsdf did not exit: {Describe()}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public string Describe() => $"stdout: {string.Join(" / ", _output)}; stderr: {string.Join(" / ", _errors)}";

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
