using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralSdf.Training.Supervision;

/// <summary>Exact point–triangle queries: closest point (Ericson) and solid angle (Van Oosterom–Strackee).</summary>
internal static class TriangleQueries
{
    /// <summary>A triangle counts as degenerate when |(b − a) × (c − a)|² ≤ this · (longest edge)⁴, i.e. its
    /// width is below about 1e-5 of its length; such slivers are treated as their three edges.</summary>
    private const float DegenerateRatio = 1e-10f;

    /// <summary>True when the triangle has (nearly) zero area: collinear or repeated corners.</summary>
    public static bool IsDegenerate(Vector3 a, Vector3 b, Vector3 c)
    {
        float longest = MathF.Max(Vector3.DistanceSquared(a, b), MathF.Max(Vector3.DistanceSquared(b, c), Vector3.DistanceSquared(c, a)));
        return Vector3.Cross(b - a, c - a).LengthSquared() <= DegenerateRatio * longest * longest;
    }

    /// <summary>The point of triangle abc closest to <paramref name="p"/> (Ericson, Real-Time Collision
    /// Detection, 5.1.5: Voronoi regions of the corners, then the edges, then the face). The triangle must
    /// not be degenerate; divisions are guarded so that a sliver gives a point on the triangle, never NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector3 ClosestPoint(Vector3 p, Vector3 a, Vector3 b, Vector3 c)
    {
        Vector3 ab = b - a, ac = c - a, ap = p - a;
        float d1 = Vector3.Dot(ab, ap), d2 = Vector3.Dot(ac, ap);
        if (d1 <= 0 && d2 <= 0) return a;

        Vector3 bp = p - b;
        float d3 = Vector3.Dot(ab, bp), d4 = Vector3.Dot(ac, bp);
        if (d3 >= 0 && d4 <= d3) return b;

        float vc = d1 * d4 - d3 * d2;
        if (vc <= 0 && d1 >= 0 && d3 <= 0)
        {
            float denominator = d1 - d3;
            return denominator > 0 ? a + (d1 / denominator) * ab : a;
        }

        Vector3 cp = p - c;
        float d5 = Vector3.Dot(ab, cp), d6 = Vector3.Dot(ac, cp);
        if (d6 >= 0 && d5 <= d6) return c;

        float vb = d5 * d2 - d1 * d6;
        if (vb <= 0 && d2 >= 0 && d6 <= 0)
        {
            float denominator = d2 - d6;
            return denominator > 0 ? a + (d2 / denominator) * ac : a;
        }

        float va = d3 * d6 - d5 * d4;
        if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0)
        {
            float denominator = (d4 - d3) + (d5 - d6);
            return denominator > 0 ? b + ((d4 - d3) / denominator) * (c - b) : b;
        }

        float sum = va + vb + vc;
        if (!(sum > 0)) return ClosestPointOnEdges(p, a, b, c);
        float inverse = 1f / sum;
        return a + ab * (vb * inverse) + ac * (vc * inverse);
    }

    /// <summary>The point of the three edges of abc closest to <paramref name="p"/>: the closest point of a
    /// degenerate (zero-area) triangle.</summary>
    public static Vector3 ClosestPointOnEdges(Vector3 p, Vector3 a, Vector3 b, Vector3 c)
    {
        Vector3 best = ClosestPointOnSegment(p, a, b);
        float bestSquared = Vector3.DistanceSquared(p, best);
        Vector3 candidate = ClosestPointOnSegment(p, b, c);
        float candidateSquared = Vector3.DistanceSquared(p, candidate);
        if (candidateSquared < bestSquared) { best = candidate; bestSquared = candidateSquared; }
        candidate = ClosestPointOnSegment(p, c, a);
        if (Vector3.DistanceSquared(p, candidate) < bestSquared) best = candidate;
        return best;
    }

    /// <summary>The point of segment ab closest to <paramref name="p"/>; <paramref name="a"/> when a = b.</summary>
    public static Vector3 ClosestPointOnSegment(Vector3 p, Vector3 a, Vector3 b)
    {
        Vector3 ab = b - a;
        float lengthSquared = ab.LengthSquared();
        if (!(lengthSquared > 0)) return a;
        float t = Math.Clamp(Vector3.Dot(p - a, ab) / lengthSquared, 0f, 1f);
        return a + t * ab;
    }

    /// <summary>The signed solid angle that triangle abc subtends at <paramref name="q"/> (Van Oosterom and
    /// Strackee 1983): positive when q sees the triangle's back, i.e. is on the side opposite to
    /// (b − a) × (c − a). In (−2π, 2π]; divide by 4π for the triangle's share of the winding number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SolidAngle(Vector3 q, Vector3 a, Vector3 b, Vector3 c)
    {
        Vector3 qa = a - q, qb = b - q, qc = c - q;
        float la = qa.Length(), lb = qb.Length(), lc = qc.Length();
        float numerator = Vector3.Dot(qa, Vector3.Cross(qb, qc));
        float denominator = la * lb * lc + Vector3.Dot(qa, qb) * lc + Vector3.Dot(qb, qc) * la + Vector3.Dot(qc, qa) * lb;
        return 2f * MathF.Atan2(numerator, denominator);
    }
}
