using NeuralSdf.Runtime;
using NeuralSdf.Training;
using NeuralSdf.Viewer;

namespace NeuralSdf.Cli;

/// <summary>
/// Runs a command body and turns the errors a user can cause into one line on stderr and an exit code: bad input
/// (a corrupt file, an option out of range, inputs that do not fit together) exits 2, a machine that cannot do the work
/// (no OpenGL, a shader the driver rejects, an unwritable file) exits 1. Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class CommandRunner
{
    /// <summary>The command-line flag of each <see cref="TrainingOptions"/> property, for the library's option errors.</summary>
    private static readonly Dictionary<string, string> OptionFlags = new()
    {
        [nameof(TrainingOptions.Steps)] = "--steps",
        [nameof(TrainingOptions.Minutes)] = "--minutes",
        [nameof(TrainingOptions.HiddenLayers)] = "--layers",
        [nameof(TrainingOptions.HiddenWidth)] = "--hidden",
        [nameof(TrainingOptions.Omega0)] = "--omega",
        [nameof(TrainingOptions.BatchSize)] = "--batch",
        [nameof(TrainingOptions.LearningRate)] = "--lr",
        [nameof(TrainingOptions.DecayStart)] = "--decay-start",
        [nameof(TrainingOptions.Threads)] = "--threads",
        [nameof(TrainingOptions.CheckpointSeconds)] = "--checkpoint-seconds",
        [nameof(TrainingOptions.Device)] = "--device",
    };

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (TrainingOptionException e)
        {
            return Fail($"{OptionFlags.GetValueOrDefault(e.Option, e.Option)} {e.Problem}", ExitCodes.BadInput);
        }
        catch (Exception e) when (e is SdfFormatException or TrainingException or SceneFormatException or UsageException)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (NeuralSdfException e)
        {
            return Fail(e.Message, ExitCodes.Failure);
        }
        catch (IOException e)
        {
            return Fail(e.Message, ExitCodes.Failure);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(e.Message, ExitCodes.Failure);
        }
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"neuralsdf: error: {message.ReplaceLineEndings(" ")}");
        return code;
    }
}

/// <summary>A command-line value that parsed but makes no sense (e.g. a malformed vector).</summary>
internal sealed class UsageException(string message) : Exception(message);
