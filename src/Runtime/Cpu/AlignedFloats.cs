using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// A pinned float buffer whose first element is 64-byte aligned. Pinned arrays start wherever the pinned heap puts
/// them (16-byte steps); a 64-byte vector load from a misaligned row straddles two cache lines, which cost one kernel
/// instance a third of its single-point speed and left another at full speed, depending on the allocation order.
/// </summary>
internal sealed unsafe class AlignedFloats
{
    private const int Alignment = 64;

    private readonly float[] _array; // owns the pinned memory that Pointer points into

    /// <summary><paramref name="length"/> floats, zeroed unless <paramref name="uninitialized"/>.</summary>
    public AlignedFloats(int length, bool uninitialized = false)
    {
        int padded = length + Alignment / sizeof(float);
        _array = uninitialized ? GC.AllocateUninitializedArray<float>(padded, pinned: true) : GC.AllocateArray<float>(padded, pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        Pointer = (float*)((start + Alignment - 1) & ~(nint)(Alignment - 1));
        Length = length;
    }

    public int Length { get; }

    public float* Pointer { get; }

    public ref float this[int index] => ref Pointer[index];
}
