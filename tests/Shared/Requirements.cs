using NeuralSdf.Hosting;
using System.Diagnostics;

namespace NeuralSdf.Tests;

/// <summary>
/// Native requirements of some tests. On a developer's box a missing requirement skips the test with the reason;
/// when the environment variable CI is "true" it fails it, so CI can never pass by skipping.
/// </summary>
internal static class Requirements
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A current headless GL context (Mesa llvmpipe on machines without a GPU).</summary>
    public static HeadlessGlContext GlContext()
    {
        try
        {
            return new HeadlessGlContext();
        }
        catch (GlUnavailableException e)
        {
            throw Missing(e.Message);
        }
    }

    /// <summary>The full path of a command-line tool on PATH.</summary>
    public static string Tool(string name, string debianPackage)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw Missing($"{name} is not on PATH; install the Debian package {debianPackage}.");
    }

    /// <summary>Checks that a native library loads (e.g. <c>libglfw.so.3</c>).</summary>
    public static void NativeLibrary(string name, string debianPackage)
    {
        if (!System.Runtime.InteropServices.NativeLibrary.TryLoad(name, out _))
            throw Missing($"{name} does not load; install the Debian package {debianPackage}.");
    }

    /// <summary>Runs a tool; returns its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static Exception Missing(string reason) =>
        InCi ? new InvalidOperationException($"CI=true, so a missing requirement fails: {reason}") : new SkipException(reason);
}

/// <summary>GL tests share one collection so they run one after another (llvmpipe already uses every core).</summary>
[CollectionDefinition("GL", DisableParallelization = true)]
public sealed class GlCollection
{
}
