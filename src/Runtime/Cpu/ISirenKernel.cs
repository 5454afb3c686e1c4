namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// A folded SIREN evaluated on one thread with one vector width. Points are <see cref="InputCount"/> floats each,
/// values <see cref="OutputCount"/> floats each, Jacobians <c>OutputCount × InputCount</c> floats each, row-major
/// (<c>∂value[m]/∂input[i]</c> at <c>m·InputCount + i</c>), all in world units and point after point.
/// </summary>
internal unsafe interface ISirenKernel
{
    /// <summary>Points per block: large batches are split at multiples of this.</summary>
    int BlockSize { get; }

    /// <summary>Points in the smallest block (a narrow one): small batches are split at multiples of this.</summary>
    int SmallestBlockSize { get; }

    int InputCount { get; }

    int OutputCount { get; }

    /// <summary>Values of <paramref name="count"/> points, and their Jacobians unless <paramref name="jacobians"/> is null.</summary>
    void Evaluate(float* inputs, float* values, float* jacobians, int count);
}
