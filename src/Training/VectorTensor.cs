using System.Numerics;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>Copies vectors into a CPU tensor [count, 3].</summary>
internal static class VectorTensor
{
    public static Tensor From(Vector3[] vectors) =>
        tensor(MemoryMarshal.Cast<Vector3, float>(vectors.AsSpan()).ToArray(), [vectors.Length, 3]);
}
