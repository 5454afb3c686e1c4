using System.Buffers;
using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>
/// A dense grid of signed distance samples over a box: sample (0, 0, 0) sits at <see cref="BoundingBox.Min"/>,
/// sample (<see cref="CountX"/> − 1, <see cref="CountY"/> − 1, <see cref="CountZ"/> − 1) at
/// <see cref="BoundingBox.Max"/>, and the samples between are evenly spaced along each axis.
/// </summary>
public sealed class SdfGrid
{
    /// <summary>The most points <see cref="Sample"/> hands its sampler in one call.</summary>
    public const int MaxBatchSize = 65_536;

    /// <summary>Creates a grid of the given size with every value zero.</summary>
    /// <param name="box">The box the samples span, corner to corner.</param>
    /// <param name="countX">Samples along x, at least 2.</param>
    /// <param name="countY">Samples along y, at least 2.</param>
    /// <param name="countZ">Samples along z, at least 2.</param>
    public SdfGrid(BoundingBox box, int countX, int countY, int countZ)
        : this(box, countX, countY, countZ, new float[CheckedSampleCount(box, countX, countY, countZ)])
    {
    }

    /// <summary>Creates a grid over existing values, which it keeps (no copy).</summary>
    /// <param name="box">The box the samples span, corner to corner.</param>
    /// <param name="countX">Samples along x, at least 2.</param>
    /// <param name="countY">Samples along y, at least 2.</param>
    /// <param name="countZ">Samples along z, at least 2.</param>
    /// <param name="values">
    /// <paramref name="countX"/> · <paramref name="countY"/> · <paramref name="countZ"/> signed distances,
    /// x fastest, then y, then z.
    /// </param>
    public SdfGrid(BoundingBox box, int countX, int countY, int countZ, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int expected = CheckedSampleCount(box, countX, countY, countZ);
        if (values.Length != expected)
            throw new ArgumentException(
                $"A {countX}×{countY}×{countZ} grid needs {expected:N0} values; the array holds {values.Length:N0}.", nameof(values));
        Box = box;
        CountX = countX;
        CountY = countY;
        CountZ = countZ;
        Values = values;
    }

    /// <summary>The box the samples span: the first sample is at its minimum corner, the last at its maximum.</summary>
    public BoundingBox Box { get; }

    /// <summary>The number of samples along x.</summary>
    public int CountX { get; }

    /// <summary>The number of samples along y.</summary>
    public int CountY { get; }

    /// <summary>The number of samples along z.</summary>
    public int CountZ { get; }

    /// <summary>The signed distances, x fastest, then y, then z (see <see cref="IndexOf"/>).</summary>
    public float[] Values { get; }

    /// <summary>The distance between neighbouring samples along each axis.</summary>
    public Vector3 Spacing => Box.Size / new Vector3(CountX - 1, CountY - 1, CountZ - 1);

    /// <summary>The value of sample (<paramref name="i"/>, <paramref name="j"/>, <paramref name="k"/>).</summary>
    /// <param name="i">The sample's x index.</param>
    /// <param name="j">The sample's y index.</param>
    /// <param name="k">The sample's z index.</param>
    public float this[int i, int j, int k]
    {
        get => Values[IndexOf(i, j, k)];
        set => Values[IndexOf(i, j, k)] = value;
    }

    /// <summary>The position in <see cref="Values"/> of sample (<paramref name="i"/>, <paramref name="j"/>, <paramref name="k"/>).</summary>
    /// <param name="i">The sample's x index.</param>
    /// <param name="j">The sample's y index.</param>
    /// <param name="k">The sample's z index.</param>
    public int IndexOf(int i, int j, int k)
    {
        CheckIndices(i, j, k);
        return i + CountX * (j + CountY * k);
    }

    /// <summary>Where sample (<paramref name="i"/>, <paramref name="j"/>, <paramref name="k"/>) sits.</summary>
    /// <param name="i">The sample's x index.</param>
    /// <param name="j">The sample's y index.</param>
    /// <param name="k">The sample's z index.</param>
    public Vector3 PointAt(int i, int j, int k)
    {
        CheckIndices(i, j, k);
        return new Vector3(
            Coordinate(Box.Min.X, Box.Max.X, i, CountX),
            Coordinate(Box.Min.Y, Box.Max.Y, j, CountY),
            Coordinate(Box.Min.Z, Box.Max.Z, k, CountZ));
    }

    /// <summary>
    /// The sample counts <see cref="Sample"/> uses: the longest side of <paramref name="box"/> gets
    /// <paramref name="resolution"/> cells (one more sample), the other sides as many cells as keep the spacing
    /// closest to the same, and at least one cell (two samples).
    /// </summary>
    /// <param name="box">The box to sample.</param>
    /// <param name="resolution">Cells along the longest side, at least 1.</param>
    public static (int X, int Y, int Z) SampleCounts(BoundingBox box, int resolution)
    {
        CheckBox(box);
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 1);
        Vector3 size = box.Size;
        float longest = MathF.Max(size.X, MathF.Max(size.Y, size.Z));
        int Count(float side) => 1 + Math.Max(1, (int)Math.Round((double)resolution * side / longest, MidpointRounding.AwayFromZero));
        return (Count(size.X), Count(size.Y), Count(size.Z));
    }

    /// <summary>
    /// Samples a signed distance function over <paramref name="box"/> at the counts <see cref="SampleCounts"/>
    /// gives. The sampler is called one batch at a time, in <see cref="Values"/> order, with at most
    /// <see cref="MaxBatchSize"/> points per call, never from two threads at once; a sampler that wants
    /// parallelism splits the batch itself. Its results go straight into the grid's values.
    /// </summary>
    /// <param name="box">The box to sample, corner to corner.</param>
    /// <param name="resolution">Cells along the longest side of the box, at least 1.</param>
    /// <param name="sampler">Evaluates the distance function.</param>
    public static SdfGrid Sample(BoundingBox box, int resolution, SampleBatch sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        var (countX, countY, countZ) = SampleCounts(box, resolution);
        var grid = new SdfGrid(box, countX, countY, countZ);
        grid.Fill(sampler);
        return grid;
    }

    private void Fill(SampleBatch sampler)
    {
        float[] xs = Coordinates(Box.Min.X, Box.Max.X, CountX);
        float[] ys = Coordinates(Box.Min.Y, Box.Max.Y, CountY);
        float[] zs = Coordinates(Box.Min.Z, Box.Max.Z, CountZ);
        int total = Values.Length;
        Vector3[] points = ArrayPool<Vector3>.Shared.Rent(Math.Min(total, MaxBatchSize));
        try
        {
            int i = 0, j = 0, k = 0;
            for (int start = 0; start < total; start += MaxBatchSize)
            {
                int count = Math.Min(MaxBatchSize, total - start);
                for (int n = 0; n < count; n++)
                {
                    points[n] = new Vector3(xs[i], ys[j], zs[k]);
                    if (++i == CountX)
                    {
                        i = 0;
                        if (++j == CountY) { j = 0; k++; }
                    }
                }
                sampler(points.AsSpan(0, count), Values.AsSpan(start, count));
            }
        }
        finally
        {
            ArrayPool<Vector3>.Shared.Return(points);
        }
    }

    /// <summary>The coordinate of sample <paramref name="index"/> of <paramref name="count"/> from <paramref name="min"/> to <paramref name="max"/>; exact at both ends.</summary>
    internal static float Coordinate(float min, float max, int index, int count)
    {
        float t = index / (float)(count - 1);
        return min * (1f - t) + max * t;
    }

    /// <summary>Every sample coordinate along one axis, as <see cref="Coordinate"/> gives them.</summary>
    internal static float[] Coordinates(float min, float max, int count)
    {
        var result = new float[count];
        for (int n = 0; n < count; n++) result[n] = Coordinate(min, max, n, count);
        return result;
    }

    private void CheckIndices(int i, int j, int k)
    {
        if ((uint)i >= (uint)CountX || (uint)j >= (uint)CountY || (uint)k >= (uint)CountZ)
            throw new ArgumentOutOfRangeException(
                $"Sample ({i}, {j}, {k}) is outside the {CountX}×{CountY}×{CountZ} grid.", (Exception?)null);
    }

    private static void CheckBox(BoundingBox box)
    {
        Vector3 size = box.Size;
        bool finite = float.IsFinite(box.Min.X) && float.IsFinite(box.Min.Y) && float.IsFinite(box.Min.Z)
            && float.IsFinite(box.Max.X) && float.IsFinite(box.Max.Y) && float.IsFinite(box.Max.Z);
        if (!finite || !(size.X > 0 && size.Y > 0 && size.Z > 0))
            throw new ArgumentException(
                $"A sampling box needs finite corners and a positive size on every axis; got {box.Min} to {box.Max}.", nameof(box));
    }

    private static int CheckedSampleCount(BoundingBox box, int countX, int countY, int countZ)
    {
        CheckBox(box);
        if (countX < 2 || countY < 2 || countZ < 2)
            throw new ArgumentOutOfRangeException(
                $"A grid needs at least 2 samples along each axis; got {countX}×{countY}×{countZ}.", (Exception?)null);
        long total = (long)countX * countY * countZ;
        if (total > Array.MaxLength)
            throw new ArgumentOutOfRangeException(
                $"A {countX}×{countY}×{countZ} grid has {total:N0} samples; at most {Array.MaxLength:N0} fit in one array.", (Exception?)null);
        return (int)total;
    }
}
