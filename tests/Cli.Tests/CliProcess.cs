using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NeuralSdf.Cli.Tests;

/// <summary>Runs the built <c>neuralsdf</c> program as a user would, in its own process.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static string RepositoryFile(params string[] parts) => RepositoryFiles.Path(parts);

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "neuralsdf.dll"));
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        return info;
    }

    public static Result Run(string workingDirectory, params string[] arguments)
    {
        using Process process = Process.Start(StartInfo(workingDirectory, arguments))!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"neuralsdf {string.Join(' ', arguments)} did not finish in 5 minutes");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>
    /// Runs neuralsdf until it reports training progress (a line starting "step "), then sends SIGINT as Ctrl-C does and
    /// waits up to a minute for it to exit. The result's standard output is what came after that line.
    /// </summary>
    public static Result Interrupt(string workingDirectory, params string[] arguments)
    {
        using Process process = Process.Start(StartInfo(workingDirectory, arguments))!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("step ")) { }
        if (line is null)
            throw new InvalidOperationException($"neuralsdf {string.Join(' ', arguments)} ended before reporting progress: {error.Result}");
        if (kill(process.Id, SigInt) != 0) throw new InvalidOperationException($"SIGINT could not be sent (errno {Marshal.GetLastPInvokeError()})");
        Task<string> rest = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"neuralsdf {string.Join(' ', arguments)} did not stop within a minute of SIGINT");
        }
        return new Result(process.ExitCode, rest.Result, error.Result);
    }

    private const int SigInt = 2;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
