using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// Picks how a fit computes its steps from the user's choice: <c>auto</c>, <c>torch</c> (TorchSharp, on the CPU or CUDA) or
/// <c>cpu</c> (NeuralSdf's fused CPU kernels, for shapes).
/// </summary>
public static class TrainingBackends
{
    /// <summary>The accepted choices.</summary>
    public static readonly string[] Choices = ["auto", "torch", "cpu"];

    /// <summary>
    /// Whether a shape fit with <paramref name="choice"/> on <paramref name="device"/> runs on the fused CPU path: <c>auto</c>
    /// takes it whenever the device is the CPU, <c>cpu</c> always (and refuses CUDA), <c>torch</c> never.
    /// </summary>
    /// <exception cref="TrainingOptionException">The choice is unknown, or <c>cpu</c> with the CUDA device.</exception>
    public static bool UsesFusedPath(string choice, Device device)
    {
        switch (choice.ToLowerInvariant())
        {
            case "auto":
                return device.type == DeviceType.CPU;
            case "torch":
                return false;
            case "cpu":
                if (device.type != DeviceType.CPU)
                    throw new TrainingOptionException("Backend", "is cpu, which trains on the CPU only; pick the CPU device, or the torch backend for CUDA");
                return true;
            default:
                throw new TrainingOptionException("Backend", $"'{choice}' is not one of {string.Join(", ", Choices)}");
        }
    }

    /// <summary>Checks that a fit that trains on TorchSharp only (an image field) was not told <c>cpu</c>; the choice is otherwise validated by <see cref="TrainingOptions.Validate"/>.</summary>
    /// <exception cref="TrainingOptionException">The choice is <c>cpu</c>.</exception>
    internal static void RequireTorch(string choice, string what)
    {
        if (choice.Equals("cpu", StringComparison.OrdinalIgnoreCase))
            throw new TrainingOptionException("Backend", $"is cpu, but {what} train on TorchSharp only (the fused CPU kernels train shapes); pick the auto or torch backend");
    }
}
