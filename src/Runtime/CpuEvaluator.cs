using System.Buffers;
using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>
/// Evaluates a <see cref="SirenNetwork"/> on the CPU in world units: distance by a forward pass,
/// gradient by one reverse pass through the stored pre-activations (about twice the cost of the value).
/// Scratch memory comes from a pool, so calls allocate nothing once warm.
/// </summary>
internal sealed class CpuEvaluator
{
    private const int ParallelThreshold = 4096;
    private const int ParallelChunk = 1024;

    private readonly SirenNetwork _network;
    private readonly SdfNormalization _normalization;
    private readonly int _width;
    private readonly int _preActivationLength;

    public CpuEvaluator(SirenNetwork network, SdfNormalization normalization)
    {
        _network = network;
        _normalization = normalization;
        _width = network.MaxWidth;
        _preActivationLength = network.Layers.Take(network.HiddenLayerCount).Sum(l => l.Outputs);
    }

    public float Distance(Vector3 point)
    {
        float[] scratch = ArrayPool<float>.Shared.Rent(2 * _width);
        try
        {
            return DistanceOf(point, scratch.AsSpan(0, _width), scratch.AsSpan(_width, _width));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    public float DistanceAndGradient(Vector3 point, out Vector3 gradient)
    {
        float[] scratch = ArrayPool<float>.Shared.Rent(GradientScratchLength);
        try
        {
            return DistanceAndGradientOf(point, scratch, out gradient);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    public void Distance(ReadOnlySpan<Vector3> points, Span<float> distances)
    {
        if (points.Length >= ParallelThreshold)
        {
            Vector3[] pointArray = points.ToArray();
            float[] results = new float[points.Length];
            Parallel.For(0, (points.Length + ParallelChunk - 1) / ParallelChunk, chunk =>
            {
                int start = chunk * ParallelChunk;
                int count = Math.Min(ParallelChunk, pointArray.Length - start);
                DistanceSequential(pointArray.AsSpan(start, count), results.AsSpan(start, count));
            });
            results.CopyTo(distances);
            return;
        }
        DistanceSequential(points, distances);
    }

    public void DistanceAndGradient(ReadOnlySpan<Vector3> points, Span<float> distances, Span<Vector3> gradients)
    {
        if (points.Length >= ParallelThreshold)
        {
            Vector3[] pointArray = points.ToArray();
            float[] values = new float[points.Length];
            Vector3[] grads = new Vector3[points.Length];
            Parallel.For(0, (points.Length + ParallelChunk - 1) / ParallelChunk, chunk =>
            {
                int start = chunk * ParallelChunk;
                int count = Math.Min(ParallelChunk, pointArray.Length - start);
                DistanceAndGradientSequential(pointArray.AsSpan(start, count), values.AsSpan(start, count), grads.AsSpan(start, count));
            });
            values.CopyTo(distances);
            grads.CopyTo(gradients);
            return;
        }
        DistanceAndGradientSequential(points, distances, gradients);
    }

    private int GradientScratchLength => _preActivationLength + 3 * _width;

    private void DistanceSequential(ReadOnlySpan<Vector3> points, Span<float> distances)
    {
        float[] scratch = ArrayPool<float>.Shared.Rent(2 * _width);
        try
        {
            Span<float> a = scratch.AsSpan(0, _width), b = scratch.AsSpan(_width, _width);
            for (int i = 0; i < points.Length; i++) distances[i] = DistanceOf(points[i], a, b);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private void DistanceAndGradientSequential(ReadOnlySpan<Vector3> points, Span<float> distances, Span<Vector3> gradients)
    {
        float[] scratch = ArrayPool<float>.Shared.Rent(GradientScratchLength);
        try
        {
            for (int i = 0; i < points.Length; i++) distances[i] = DistanceAndGradientOf(points[i], scratch, out gradients[i]);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private float DistanceOf(Vector3 point, Span<float> current, Span<float> next)
    {
        Vector3 x = _normalization.ToNormalized(point);
        current[0] = x.X; current[1] = x.Y; current[2] = x.Z;
        IReadOnlyList<DenseLayer> layers = _network.Layers;
        float omega = _network.Omega0;
        for (int l = 0; l < layers.Count - 1; l++)
        {
            DenseLayer layer = layers[l];
            ReadOnlySpan<float> input = current[..layer.Inputs];
            for (int o = 0; o < layer.Outputs; o++)
                next[o] = MathF.Sin(omega * (Dot(layer.Weights.AsSpan(o * layer.Inputs, layer.Inputs), input) + layer.Bias[o]));
            Span<float> swap = current; current = next; next = swap;
        }
        DenseLayer output = layers[^1];
        float normalized = Dot(output.Weights, current[..output.Inputs]) + output.Bias[0];
        return normalized / _normalization.Scale;
    }

    // Scratch layout: [pre-activations of every hidden layer][activation a][activation b][back-propagated g].
    private float DistanceAndGradientOf(Vector3 point, float[] scratch, out Vector3 gradient)
    {
        IReadOnlyList<DenseLayer> layers = _network.Layers;
        float omega = _network.Omega0;
        Span<float> preActivations = scratch.AsSpan(0, _preActivationLength);
        Span<float> current = scratch.AsSpan(_preActivationLength, _width);
        Span<float> next = scratch.AsSpan(_preActivationLength + _width, _width);
        Span<float> back = scratch.AsSpan(_preActivationLength + 2 * _width, _width);

        Vector3 x = _normalization.ToNormalized(point);
        current[0] = x.X; current[1] = x.Y; current[2] = x.Z;
        int offset = 0;
        for (int l = 0; l < layers.Count - 1; l++)
        {
            DenseLayer layer = layers[l];
            ReadOnlySpan<float> input = current[..layer.Inputs];
            for (int o = 0; o < layer.Outputs; o++)
            {
                float z = omega * (Dot(layer.Weights.AsSpan(o * layer.Inputs, layer.Inputs), input) + layer.Bias[o]);
                preActivations[offset + o] = z;
                next[o] = MathF.Sin(z);
            }
            offset += layer.Outputs;
            Span<float> swap = current; current = next; next = swap;
        }
        DenseLayer output = layers[^1];
        float normalized = Dot(output.Weights, current[..output.Inputs]) + output.Bias[0];

        // Reverse pass: g holds ∂d/∂h for the current layer's outputs, starting with the output weights.
        Span<float> g = back[..output.Inputs];
        output.Weights.AsSpan().CopyTo(g);
        for (int l = layers.Count - 2; l >= 0; l--)
        {
            DenseLayer layer = layers[l];
            offset -= layer.Outputs;
            Span<float> delta = g;
            for (int o = 0; o < layer.Outputs; o++) delta[o] *= omega * MathF.Cos(preActivations[offset + o]);
            Span<float> previous = next[..layer.Inputs];
            previous.Clear();
            for (int o = 0; o < layer.Outputs; o++)
                Axpy(delta[o], layer.Weights.AsSpan(o * layer.Inputs, layer.Inputs), previous);
            previous.CopyTo(back);
            g = back[..layer.Inputs];
        }
        // d_world = d_normalized / s and x = (p − c)·s, so the world gradient equals the normalized one.
        gradient = new Vector3(g[0], g[1], g[2]);
        return normalized / _normalization.Scale;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var acc = Vector<float>.Zero;
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
                acc += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
            sum = Vector.Sum(acc);
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var a = new Vector<float>(alpha);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(y[i..]) + a * new Vector<float>(x[i..])).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] += alpha * x[i];
    }
}
