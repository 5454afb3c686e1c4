using NeuralSdf.Training;

namespace NeuralSdf.Cli;

/// <summary>
/// What a fitting command does around its trainer: Ctrl-C cancels (the trainer stops after its step and the command
/// saves), every checkpoint is saved to the output file, and with <c>--view</c> a viewer process opens on that file at
/// the first checkpoint and is waited for at the end. Dispose unhooks Ctrl-C and closes the viewer handle.
/// </summary>
internal sealed class TrainingSession : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly ConsoleCancelEventHandler _onCancel;
    private readonly string _output;
    private readonly bool _view;
    private ViewerProcess? _viewer;

    public TrainingSession(string output, bool view)
    {
        _output = output;
        _view = view;
        _onCancel = (_, e) =>
        {
            e.Cancel = true;
            _cancel.Cancel();
        };
        Console.CancelKeyPress += _onCancel;
    }

    /// <summary>Fires on Ctrl-C.</summary>
    public CancellationToken Cancellation => _cancel.Token;

    /// <summary>Writes <paramref name="checkpoint"/> to the output file (and its sidecar); opens the viewer the first time when asked.</summary>
    public void Save(TrainingCheckpoint checkpoint)
    {
        checkpoint.Save(_output);
        if (_view) _viewer ??= ViewerProcess.Start(_output);
    }

    /// <summary>With a viewer open, says so and waits until the user closes it.</summary>
    public void WaitForViewer(string what)
    {
        if (_viewer is null) return;
        Console.WriteLine($"Training is done; the viewer shows the final {what} (Esc closes it)");
        int viewerExit = _viewer.WaitForExit();
        if (viewerExit != ExitCodes.Success) Console.Error.WriteLine($"neuralsdf: warning: the viewer exited with code {viewerExit}");
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= _onCancel;
        _viewer?.Dispose();
        _cancel.Dispose();
    }
}
