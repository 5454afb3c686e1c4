using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralSdf.Training.Supervision;

/// <summary>
/// A BVH node's far-field expansion of the winding-number integral (Barill et al. 2018, to second order),
/// packed for evaluation: 27 floats, 108 bytes.
/// </summary>
/// <remarks>
/// <para>The winding number of a surface patch seen from q is (1/4π) ∫ n(x)·f(x) dA with f(x) = (x − q)/|x − q|³.
/// Expanding f about the patch's area-weighted centroid c, with r = c − q and ρ = |r|, gives
/// <code>
/// 4π w ≈ [ r·N                                   (dipole, order 0)
///        + tr M − 3 rᵀMr / ρ²                    (order 1)
///        + ½ (−3 r·w / ρ² + 15 Σ r_i r_j r_k S_ijk / ρ⁴) ] / ρ³   (order 2)
/// </code>
/// with the moments of the normal field N_i = ∫ n_i dA, M_ij = ∫ n_i (x − c)_j dA,
/// S_ijk = ∫ n_i (x − c)_j (x − c)_k dA, and w_k = 2 Σ_i S_iik + Σ_j S_kjj. The error of order p falls as
/// (radius/ρ)^(p+1) relative to the dipole; order 2 is what lets β = 2 stay within a few thousandths.</para>
/// <para>Only symmetric combinations enter, so M is stored as its trace and the six coefficients of the
/// quadratic form rᵀMr, and S as the ten coefficients of the cubic Σ r_i r_j r_k S_ijk plus w.</para>
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct FarFieldExpansion
{
    /// <summary>Area-weighted centroid c of the node's triangles.</summary>
    public readonly Vector3 Centroid;

    /// <summary>(β · radius)²: the expansion is used only for queries farther than this from c.</summary>
    public readonly float FarDistanceSquared;

    private readonly Vector3 _normal;         // N
    private readonly float _traceM;           // tr M
    private readonly Vector3 _quadraticDiagonal; // x², y², z² coefficients of rᵀMr
    private readonly Vector3 _quadraticMixed;    // xy, xz, yz coefficients
    private readonly Vector3 _w;
    private readonly Vector3 _cubicDiagonal;  // x³, y³, z³
    private readonly Vector3 _cubicA;         // x²y, x²z, xy²
    private readonly Vector3 _cubicB;         // y²z, xz², yz²
    private readonly float _cubicXyz;         // xyz

    public FarFieldExpansion(Vector3 centroid, float farDistanceSquared, in NormalMoments moments)
    {
        Centroid = centroid;
        FarDistanceSquared = farDistanceSquared;
        _normal = moments.N;
        Vector3 mx = moments.MX, my = moments.MY, mz = moments.MZ;
        _traceM = mx.X + my.Y + mz.Z;
        _quadraticDiagonal = new Vector3(mx.X, my.Y, mz.Z);
        _quadraticMixed = new Vector3(mx.Y + my.X, mx.Z + mz.X, my.Z + mz.Y);
        SymmetricMatrix sx = moments.SX, sy = moments.SY, sz = moments.SZ;
        var u = new Vector3(sx.XX + sy.XY + sz.XZ, sx.XY + sy.YY + sz.YZ, sx.XZ + sy.YZ + sz.ZZ);
        var v = new Vector3(sx.Trace, sy.Trace, sz.Trace);
        _w = 2 * u + v;
        _cubicDiagonal = new Vector3(sx.XX, sy.YY, sz.ZZ);
        _cubicA = new Vector3(sy.XX + 2 * sx.XY, sz.XX + 2 * sx.XZ, sx.YY + 2 * sy.XY);
        _cubicB = new Vector3(sz.YY + 2 * sy.YZ, sx.ZZ + 2 * sz.XZ, sy.ZZ + 2 * sz.YZ);
        _cubicXyz = 2 * (sx.YZ + sy.XZ + sz.XY);
    }

    /// <summary>4π times the node's winding-number contribution at the query q = c − <paramref name="r"/>,
    /// given ρ² = |r|².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Evaluate(Vector3 r, float rhoSquared)
    {
        float inverseRhoSquared = 1f / rhoSquared;
        Vector3 r2 = r * r;
        var mixed = new Vector3(r.X * r.Y, r.X * r.Z, r.Y * r.Z);
        float quadratic = Vector3.Dot(_quadraticDiagonal, r2) + Vector3.Dot(_quadraticMixed, mixed);
        float cubic = Vector3.Dot(_cubicDiagonal, r2 * r)
            + Vector3.Dot(_cubicA, new Vector3(r2.X * r.Y, r2.X * r.Z, r.X * r2.Y))
            + Vector3.Dot(_cubicB, new Vector3(r2.Y * r.Z, r.X * r2.Z, r.Y * r2.Z))
            + _cubicXyz * mixed.X * r.Z;
        float order0 = Vector3.Dot(r, _normal);
        float order1 = _traceM - 3f * quadratic * inverseRhoSquared;
        float order2 = 0.5f * inverseRhoSquared * (15f * cubic * inverseRhoSquared - 3f * Vector3.Dot(r, _w));
        return (order0 + order1 + order2) * inverseRhoSquared / MathF.Sqrt(rhoSquared);
    }
}

/// <summary>The moments N, M and S (see <see cref="FarFieldExpansion"/>) of a set of triangles' normal field
/// about a point, while building: exact per triangle, and moved to a parent's centroid when merging.</summary>
internal struct NormalMoments
{
    /// <summary>N = ∫ n dA, the area-weighted normal sum.</summary>
    public Vector3 N;

    /// <summary>Rows of M: row i is ∫ n_i (x − c) dA.</summary>
    public Vector3 MX, MY, MZ;

    /// <summary>S for each normal component i: ∫ n_i (x − c)(x − c)ᵀ dA.</summary>
    public SymmetricMatrix SX, SY, SZ;

    /// <summary>The moments of triangle abc about <paramref name="center"/>, exactly: the first moment over a
    /// triangle is area · (centroid − center); the second adds the triangle's covariance (area/12) Σ e eᵀ,
    /// e the corners' offsets from its centroid.</summary>
    public static NormalMoments OfTriangle(Vector3 a, Vector3 b, Vector3 c, Vector3 center)
    {
        Vector3 areaNormal = 0.5f * Vector3.Cross(b - a, c - a);
        Vector3 centroid = (a + b + c) / 3f;
        Vector3 arm = centroid - center;
        SymmetricMatrix spread = SymmetricMatrix.Outer(arm)
            + (1f / 12f) * (SymmetricMatrix.Outer(a - centroid) + SymmetricMatrix.Outer(b - centroid) + SymmetricMatrix.Outer(c - centroid));
        return new NormalMoments
        {
            N = areaNormal,
            MX = areaNormal.X * arm, MY = areaNormal.Y * arm, MZ = areaNormal.Z * arm,
            SX = areaNormal.X * spread, SY = areaNormal.Y * spread, SZ = areaNormal.Z * spread,
        };
    }

    /// <summary>These moments taken about a point <paramref name="shift"/> behind their current centre
    /// (new centre = old centre − shift), added into <paramref name="sum"/>:
    /// M_i += N_i d and S_i += M_i ⊗ d + d ⊗ M_i + N_i d ⊗ d, d = shift.</summary>
    public readonly void AddShiftedTo(ref NormalMoments sum, Vector3 shift)
    {
        SymmetricMatrix dd = SymmetricMatrix.Outer(shift);
        sum.N += N;
        sum.MX += MX + N.X * shift;
        sum.MY += MY + N.Y * shift;
        sum.MZ += MZ + N.Z * shift;
        sum.SX += SX + SymmetricMatrix.SymmetricOuter(MX, shift) + N.X * dd;
        sum.SY += SY + SymmetricMatrix.SymmetricOuter(MY, shift) + N.Y * dd;
        sum.SZ += SZ + SymmetricMatrix.SymmetricOuter(MZ, shift) + N.Z * dd;
    }
}

/// <summary>A symmetric 3×3 matrix by its six distinct entries.</summary>
internal readonly record struct SymmetricMatrix(float XX, float YY, float ZZ, float XY, float XZ, float YZ)
{
    public float Trace => XX + YY + ZZ;

    /// <summary>a aᵀ.</summary>
    public static SymmetricMatrix Outer(Vector3 a) => new(a.X * a.X, a.Y * a.Y, a.Z * a.Z, a.X * a.Y, a.X * a.Z, a.Y * a.Z);

    /// <summary>a bᵀ + b aᵀ.</summary>
    public static SymmetricMatrix SymmetricOuter(Vector3 a, Vector3 b) =>
        new(2 * a.X * b.X, 2 * a.Y * b.Y, 2 * a.Z * b.Z, a.X * b.Y + a.Y * b.X, a.X * b.Z + a.Z * b.X, a.Y * b.Z + a.Z * b.Y);

    public static SymmetricMatrix operator +(SymmetricMatrix p, SymmetricMatrix q) =>
        new(p.XX + q.XX, p.YY + q.YY, p.ZZ + q.ZZ, p.XY + q.XY, p.XZ + q.XZ, p.YZ + q.YZ);

    public static SymmetricMatrix operator *(float s, SymmetricMatrix p) =>
        new(s * p.XX, s * p.YY, s * p.ZZ, s * p.XY, s * p.XZ, s * p.YZ);
}
