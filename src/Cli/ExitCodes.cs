namespace NeuralSdf.Cli;

/// <summary>Process exit codes of the <c>neuralsdf</c> command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;
}
