using NeuralSdf.Runtime;

namespace NeuralSdf.Viewer;

/// <summary>
/// Keeps the last good <see cref="SdfModel"/> loaded from a file and reloads it when the file changes on disk
/// (its write time or length). A file that fails to load (half written, corrupt, gone) leaves the last good model
/// in place; its error is reported once per change.
/// </summary>
public sealed class ModelWatcher
{
    private readonly WatchedFile<SdfModel> _file;

    /// <summary>Loads <paramref name="path"/> now.</summary>
    /// <exception cref="SdfFormatException">The file is not a valid model.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public ModelWatcher(string path) => _file = new WatchedFile<SdfModel>(path, SdfModel.Load, "model");

    /// <summary>The watched file.</summary>
    public string Path => _file.Path;

    /// <summary>The last model that loaded.</summary>
    public SdfModel Current => _file.Current;

    /// <summary>
    /// Checks the file. Returns <see cref="ReloadResult.Reloaded"/> when it changed and loaded (<see cref="Current"/> is
    /// the new model), <see cref="ReloadResult.Failed"/> with the reason when it changed but did not load, and
    /// <see cref="ReloadResult.Unchanged"/> otherwise (also after a failure, until the file changes again).
    /// </summary>
    public ReloadResult Poll(out string? error) => _file.Poll(out error);
}
