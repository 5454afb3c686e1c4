namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// One pinned, 64-byte aligned float buffer per thread, grown on demand and then reused, so evaluation
/// allocates nothing once warm. A caller owns it until its next call to <see cref="Get"/> on the same thread;
/// the kernels never call back into user code, so no evaluation can interleave with another on one thread.
/// </summary>
internal static unsafe class ThreadScratch
{
    [ThreadStatic] private static AlignedFloats? t_buffer;

    public static float* Get(int floats)
    {
        AlignedFloats? buffer = t_buffer;
        if (buffer is null || buffer.Length < floats) t_buffer = buffer = new AlignedFloats(floats, uninitialized: true);
        return buffer.Pointer;
    }
}
