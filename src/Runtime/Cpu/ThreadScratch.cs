using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// One pinned, 64-byte aligned float buffer per thread, grown on demand and then reused, so evaluation
/// allocates nothing once warm. A caller owns it until its next call to <see cref="Get"/> on the same thread;
/// the kernels never call back into user code, so no evaluation can interleave with another on one thread.
/// </summary>
internal static unsafe class ThreadScratch
{
    private const int Alignment = 64;

    [ThreadStatic] private static float[]? t_buffer;

    public static float* Get(int floats)
    {
        float[]? buffer = t_buffer;
        if (buffer is null || buffer.Length < floats + Alignment / sizeof(float))
            t_buffer = buffer = GC.AllocateUninitializedArray<float>(floats + Alignment / sizeof(float), pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (float*)((start + Alignment - 1) & ~(nint)(Alignment - 1));
    }
}
