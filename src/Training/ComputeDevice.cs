using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>Picks the TorchSharp device from the user's choice: <c>auto</c>, <c>cpu</c> or <c>cuda</c>.</summary>
public static class ComputeDevice
{
    /// <summary>The accepted choices.</summary>
    public static readonly string[] Choices = ["auto", "cpu", "cuda"];

    /// <summary>Resolves a choice to a device; <c>auto</c> means CUDA when available, else the CPU.</summary>
    /// <exception cref="TrainingOptionException">The choice is unknown, or CUDA was asked for and is not available.</exception>
    public static Device Resolve(string choice)
    {
        switch (choice.ToLowerInvariant())
        {
            case "auto":
                return cuda.is_available() ? CUDA : CPU;
            case "cpu":
                return CPU;
            case "cuda":
                if (!cuda.is_available())
                    throw new TrainingOptionException("Device", "is cuda, but no CUDA device is available to TorchSharp (this build uses the '"
                        + BuildInfo.TorchBackend + "' backend; build with -p:TorchBackend=cuda-linux or cuda-windows on a machine with an NVIDIA GPU)");
                return CUDA;
            default:
                throw new TrainingOptionException("Device", $"'{choice}' is not one of {string.Join(", ", Choices)}");
        }
    }
}
