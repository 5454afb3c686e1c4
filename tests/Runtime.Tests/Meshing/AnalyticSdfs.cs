using System.Numerics;

namespace NeuralSdf.Runtime.Tests.Meshing;

/// <summary>Closed-form signed distance functions as samplers, for meshing tests.</summary>
internal static class AnalyticSdfs
{
    /// <summary>A sphere: |p − c| − r.</summary>
    public static SampleBatch Sphere(Vector3 center, float radius) => (points, distances) =>
    {
        for (int n = 0; n < points.Length; n++) distances[n] = Vector3.Distance(points[n], center) - radius;
    };

    /// <summary>A torus around the y axis through <paramref name="center"/>.</summary>
    public static SampleBatch Torus(Vector3 center, float major, float minor) => (points, distances) =>
    {
        for (int n = 0; n < points.Length; n++)
        {
            Vector3 p = points[n] - center;
            float ring = MathF.Sqrt(p.X * p.X + p.Z * p.Z) - major;
            distances[n] = MathF.Sqrt(ring * ring + p.Y * p.Y) - minor;
        }
    };

    /// <summary>The union of two shapes: the smaller distance (still exact outside both).</summary>
    public static SampleBatch Union(SampleBatch a, SampleBatch b) => (points, distances) =>
    {
        float[] other = new float[points.Length];
        a(points, distances);
        b(points, other);
        for (int n = 0; n < points.Length; n++) distances[n] = MathF.Min(distances[n], other[n]);
    };

    /// <summary>
    /// <paramref name="sdf"/> times <paramref name="factor"/>: the same surface, but a gradient of length
    /// <paramref name="factor"/>, so it claims the surface is farther than it is (as an over-steep fit would).
    /// </summary>
    public static SampleBatch Steeper(SampleBatch sdf, float factor) => (points, distances) =>
    {
        sdf(points, distances);
        for (int n = 0; n < points.Length; n++) distances[n] *= factor;
    };
}
