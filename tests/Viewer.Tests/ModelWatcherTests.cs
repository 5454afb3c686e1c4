using NeuralSdf.Runtime;
using NeuralSdf.Viewer;

namespace NeuralSdf.Viewer.Tests;

public sealed class ModelWatcherTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nsdf-watch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ARewrittenFileIsReloadedAndACorruptOrMissingOneKeepsTheLastGoodModel()
    {
        string path = Path.Combine(_folder, "m.nsdf");
        SdfModel first = TestModels.RandomSiren(1, 8, 8), second = TestModels.RandomSiren(2, 8, 12), third = TestModels.RandomSiren(3, 4);
        first.Save(path);
        var watcher = new ModelWatcher(path);
        Assert.Equal(first.Network.Describe(), watcher.Current.Network.Describe());
        Assert.Equal(ReloadResult.Unchanged, watcher.Poll(out string? error));
        Assert.Null(error);

        second.Save(path);
        Assert.Equal(ReloadResult.Reloaded, watcher.Poll(out error));
        Assert.Equal(second.Network.Describe(), watcher.Current.Network.Describe());

        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        Assert.Equal(ReloadResult.Failed, watcher.Poll(out error));
        Assert.Contains(path, error);
        Assert.Contains("keeping the last good model", error);
        Assert.Equal(second.Network.Describe(), watcher.Current.Network.Describe());
        // Reported once per change.
        Assert.Equal(ReloadResult.Unchanged, watcher.Poll(out error));

        File.Delete(path);
        Assert.Equal(ReloadResult.Failed, watcher.Poll(out error));
        Assert.Contains("gone", error);

        third.Save(path);
        Assert.Equal(ReloadResult.Reloaded, watcher.Poll(out _));
        Assert.Equal(third.Network.Describe(), watcher.Current.Network.Describe());
    }
}
