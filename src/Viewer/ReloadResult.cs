namespace NeuralSdf.Viewer;

/// <summary>What <see cref="ModelWatcher.Poll"/> found.</summary>
public enum ReloadResult
{
    /// <summary>The file has not changed since the last poll.</summary>
    Unchanged,

    /// <summary>The file changed and the new model loaded.</summary>
    Reloaded,

    /// <summary>The file changed but did not load; the last good model stays.</summary>
    Failed,
}
