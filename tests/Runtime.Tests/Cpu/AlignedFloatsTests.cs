using NeuralSdf.Runtime.Cpu;

namespace NeuralSdf.Runtime.Tests.Cpu;

/// <summary>The kernels' weights and scratch start on a cache line, whatever the pinned heap hands out.</summary>
public unsafe class AlignedFloatsTests
{
    [Fact]
    public void EveryBufferStartsOnA64ByteBoundary()
    {
        // Pinned arrays come in 16-byte steps: of a few dozen, some would be misaligned without the offset.
        for (int length = 1; length < 40; length++)
        {
            var buffer = new AlignedFloats(length);
            Assert.Equal(0, (nint)buffer.Pointer % 64);
            for (int i = 0; i < length; i++) Assert.Equal(0f, buffer[i]);
            buffer[length - 1] = 1f; // the whole length is writable
        }
    }

    [Fact]
    public void PackedWeightsAndScratchAreAligned()
    {
        for (int outputs = 1; outputs < 20; outputs++)
        {
            var layer = new PackedLayer(new DenseLayer(3, outputs, new float[3 * outputs], new float[outputs]));
            Assert.Equal(0, (nint)layer.Forward % 64);
            Assert.Equal(0, (nint)layer.Backward % 64);
            Assert.Equal(0, (nint)layer.Bias % 64);
        }
        Assert.Equal(0, (nint)ThreadScratch.Get(1000) % 64);
        Assert.Equal(0, (nint)ThreadScratch.Get(100_000) % 64);
    }
}
