using NeuralSdf.Runtime;

namespace NeuralSdf.Viewer;

/// <summary>
/// Keeps the last good value loaded from a file and loads it again when the file changes on disk (its write time or
/// length). A file that fails to load (half written, corrupt, gone) leaves the last good value in place; its error is
/// reported once per change. <see cref="ModelWatcher"/> watches SDF models with it, the image viewer image fields.
/// </summary>
internal sealed class WatchedFile<T>
{
    private readonly Func<string, T> _load;
    private readonly string _noun;
    private (DateTime WriteTime, long Length)? _stamp;

    /// <summary>Loads <paramref name="path"/> now with <paramref name="load"/>; <paramref name="noun"/> names what it holds in messages.</summary>
    /// <exception cref="SdfFormatException">The file is not valid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public WatchedFile(string path, Func<string, T> load, string noun)
    {
        Path = path;
        _load = load;
        _noun = noun;
        _stamp = Stamp(path);
        Current = load(path);
    }

    public string Path { get; }

    /// <summary>The last value that loaded.</summary>
    public T Current { get; private set; }

    /// <summary>As <see cref="ModelWatcher.Poll"/>.</summary>
    public ReloadResult Poll(out string? error)
    {
        error = null;
        (DateTime, long)? stamp = Stamp(Path);
        if (stamp == _stamp) return ReloadResult.Unchanged;
        _stamp = stamp;
        if (stamp is null)
        {
            error = $"{Path} is gone; keeping the last good {_noun}";
            return ReloadResult.Failed;
        }
        try
        {
            Current = _load(Path);
            return ReloadResult.Reloaded;
        }
        catch (Exception e) when (e is SdfFormatException or IOException or UnauthorizedAccessException)
        {
            error = $"{e.Message.ReplaceLineEndings(" ")}; keeping the last good {_noun}";
            return ReloadResult.Failed;
        }
    }

    private static (DateTime, long)? Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
    }
}
