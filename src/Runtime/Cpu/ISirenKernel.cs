using System.Numerics;

namespace NeuralSdf.Runtime.Cpu;

/// <summary>A SIREN evaluated on one thread with one vector width; points in and results out in world units.</summary>
internal unsafe interface ISirenKernel
{
    /// <summary>Points per block: large batches are split at multiples of this.</summary>
    int BlockSize { get; }

    /// <summary>Points in the smallest block (a narrow one): small batches are split at multiples of this.</summary>
    int SmallestBlockSize { get; }

    void Distance(Vector3* points, float* distances, int count);

    void DistanceAndGradient(Vector3* points, float* distances, Vector3* gradients, int count);
}
