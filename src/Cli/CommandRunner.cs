using NeuralSdf.Runtime;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Images;
using NeuralSdf.Viewer;

namespace NeuralSdf.Cli;

/// <summary>Runs a command body and turns the errors a user can cause into one line on stderr and an exit code.</summary>
internal static class CommandRunner
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is SdfFormatException or GeometryFormatException or ImageFormatException or SceneFormatException or UsageException or ArgumentException)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (Exception e) when (e is GlUnavailableException or ViewerException)
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
