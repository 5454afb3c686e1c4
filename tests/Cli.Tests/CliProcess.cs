using System.Diagnostics;

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
}
