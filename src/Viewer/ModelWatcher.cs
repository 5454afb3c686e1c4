using NeuralSdf.Runtime;

namespace NeuralSdf.Viewer;

/// <summary>
/// Keeps the last good <see cref="SdfModel"/> loaded from a file and reloads it when the file changes on disk
/// (its write time or length). A file that fails to load (half written, corrupt, gone) leaves the last good model
/// in place; its error is reported once per change.
/// </summary>
public sealed class ModelWatcher
{
    private (DateTime WriteTime, long Length)? _stamp;

    /// <summary>Loads <paramref name="path"/> now.</summary>
    /// <exception cref="SdfFormatException">The file is not a valid model.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public ModelWatcher(string path)
    {
        Path = path;
        _stamp = Stamp(path);
        Current = SdfModel.Load(path);
    }

    /// <summary>The watched file.</summary>
    public string Path { get; }

    /// <summary>The last model that loaded.</summary>
    public SdfModel Current { get; private set; }

    /// <summary>
    /// Checks the file. Returns <see cref="ReloadResult.Reloaded"/> when it changed and loaded (<see cref="Current"/> is
    /// the new model), <see cref="ReloadResult.Failed"/> with the reason when it changed but did not load, and
    /// <see cref="ReloadResult.Unchanged"/> otherwise (also after a failure, until the file changes again).
    /// </summary>
    public ReloadResult Poll(out string? error)
    {
        error = null;
        (DateTime, long)? stamp = Stamp(Path);
        if (stamp == _stamp) return ReloadResult.Unchanged;
        _stamp = stamp;
        if (stamp is null)
        {
            error = $"{Path} is gone; keeping the last good model";
            return ReloadResult.Failed;
        }
        try
        {
            Current = SdfModel.Load(Path);
            return ReloadResult.Reloaded;
        }
        catch (Exception e) when (e is SdfFormatException or IOException or UnauthorizedAccessException)
        {
            error = $"{e.Message.ReplaceLineEndings(" ")}; keeping the last good model";
            return ReloadResult.Failed;
        }
    }

    private static (DateTime, long)? Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
    }
}
