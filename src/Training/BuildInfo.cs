using System.Reflection;

namespace NeuralSdf.Training;

/// <summary>Facts about how this assembly was built.</summary>
public static class BuildInfo
{
    /// <summary>The TorchSharp backend package chosen at build time (<c>-p:TorchBackend=…</c>): cpu, cuda-linux or cuda-windows.</summary>
    public static string TorchBackend { get; } =
        typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "unknown";
}
