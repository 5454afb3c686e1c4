using NeuralSdf.Runtime;

namespace NeuralSdf.Training;

/// <summary>
/// The base of the training library's exceptions: an input file that cannot be read (<see cref="Geometry.GeometryFormatException"/>,
/// <see cref="Images.ImageFormatException"/>), an option out of range (<see cref="TrainingOptionException"/>), or inputs that do not
/// fit together (<see cref="TrainingInputException"/>). The message is one line.
/// </summary>
public abstract class TrainingException : NeuralSdfException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    protected TrainingException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>A <see cref="TrainingOptions"/> value is out of range. The message names the option by its property name.</summary>
public sealed class TrainingOptionException : TrainingException
{
    /// <summary>Creates the exception for the option <paramref name="option"/> (a property of <see cref="TrainingOptions"/>).</summary>
    public TrainingOptionException(string option, string problem)
        : base($"the training option {option} {problem}")
    {
        Option = option;
        Problem = problem;
    }

    /// <summary>The <see cref="TrainingOptions"/> property, e.g. <c>Steps</c>.</summary>
    public string Option { get; }

    /// <summary>What is wrong with its value, e.g. <c>must be positive; got 0</c>.</summary>
    public string Problem { get; }
}

/// <summary>The inputs of a fit do not fit together or cannot be trained on (a degenerate shape, images of different sizes, a checkpoint of another image).</summary>
public sealed class TrainingInputException : TrainingException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public TrainingInputException(string message)
        : base(message)
    {
    }
}
