using System.Globalization;
using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Supervision;

/// <summary>
/// How closed a mesh is, and so what a fit of it should be: the edges that bound holes or are shared by more than two
/// triangles (corners welded by position first, so that split vertices at UV seams do not count), the holes they form,
/// and how much of the space around the mesh has a winding number that tells neither inside nor outside.
/// </summary>
/// <remarks>
/// A closed mesh has a winding number near 0 or 1 everywhere; a mesh with small holes, too, except next to them (the
/// solid the winding number gives is then what a user expects, and what is fitted). A half-shell asset, or a single-sided
/// leaf, flag or cloth, leaves the winding number near ½ (or −½ behind a plane) over much of the space around it: any
/// solid read from it is full of holes, and a thin shell around the surface is fitted instead (<see cref="ShellMode"/>).
/// </remarks>
/// <param name="BoundaryEdges">Edges used by one triangle.</param>
/// <param name="NonManifoldEdges">Edges used by three or more triangles.</param>
/// <param name="Holes">Connected loops of boundary edges.</param>
/// <param name="LargestHole">The diagonal of the largest hole's box as a share of the mesh's diagonal (0 without holes).</param>
/// <param name="AmbiguousSpace">The share of points spread over the fitting domain whose winding number lies at least
/// <see cref="AmbiguousWinding"/> from a whole number.</param>
/// <param name="Diagonal">The mesh's bounding-box diagonal, in its units.</param>
public sealed record SurfaceClosure(int BoundaryEdges, int NonManifoldEdges, int Holes, double LargestHole, double AmbiguousSpace, double Diagonal)
{
    /// <summary>A winding number this far or farther from 0, ±1, … says neither inside nor outside.</summary>
    public const float AmbiguousWinding = 0.25f;

    /// <summary>Above this share of ambiguous space, <see cref="ShellMode.Auto"/> fits a shell.</summary>
    public const double ShellThreshold = 0.05;

    /// <summary>
    /// A hole wider than this share of the diagonal makes <see cref="ShellMode.Auto"/> fit a shell too, however decided the
    /// winding number: a half-shell asset (a model cut in half to be mirrored in the engine, a cup, a room without a floor)
    /// is decided over most of the space, but its solid would cap the opening with a surface that is not in the input
    /// (a bunny cut in half: 4.5 % undecided, a hole of 65 % of the diagonal; its solid put 17 % of its area on the cap).
    /// </summary>
    public const double LargeHoleShare = 0.5;

    /// <summary>The shell's thickness that <see cref="ShellMode.Auto"/> and <see cref="ShellMode.On"/> take when none is
    /// given, as a share of the diagonal: thin enough that its two sides lie within 0.4 % of the diagonal of the input
    /// surface, thick enough to be a few pixels across in a close-up.</summary>
    public const double DefaultThicknessShare = 0.008;

    private const int Probes = 4096;

    /// <summary>Whether the mesh has holes or edges shared by more than two triangles.</summary>
    public bool IsOpen => BoundaryEdges > 0 || NonManifoldEdges > 0;

    /// <summary>Whether its winding number leaves too much of the space undecided for a solid (<see cref="ShellThreshold"/>),
    /// or a hole is too wide for a solid to cap it (<see cref="LargeHoleShare"/>).</summary>
    public bool NeedsShell => AmbiguousSpace > ShellThreshold || LargestHole > LargeHoleShare;

    /// <summary>Measures <paramref name="mesh"/>, with its winding numbers from <paramref name="field"/> (built from the same triangles).</summary>
    /// <param name="mesh">A triangle mesh.</param>
    /// <param name="field">Its signed distance, for the winding numbers.</param>
    /// <param name="domain">The box the fit sees, in the mesh's units; the probes are spread over it.</param>
    /// <param name="seed">Seed of the probes.</param>
    public static SurfaceClosure Measure(InputGeometry mesh, MeshSignedDistance field, BoundingBox domain, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(field);
        if (!mesh.IsMesh) throw new ArgumentException($"{mesh.SourcePath} is a point cloud; closure is a mesh's", nameof(mesh));
        Dictionary<(int, int), (int Uses, int Triangle)> uses = EdgeUses(mesh);
        var boundary = uses.Where(e => e.Value.Uses == 1).Select(e => e.Key).ToArray();
        int nonManifold = uses.Count(e => e.Value.Uses > 2);
        (int holes, double largest) = BoundaryLoops(boundary, mesh.Positions, mesh.Bounds.Diagonal);

        var random = new Random(seed);
        int ambiguous = 0;
        for (int i = 0; i < Probes; i++)
        {
            var p = new Vector3(random.NextSingle(), random.NextSingle(), random.NextSingle());
            float w = field.WindingNumber(domain.Min + p * domain.Size);
            if (MathF.Abs(w - MathF.Round(w)) >= AmbiguousWinding) ambiguous++;
        }
        return new SurfaceClosure(boundary.Length, nonManifold, holes, largest, (double)ambiguous / Probes, mesh.Bounds.Diagonal);
    }

    /// <summary>
    /// The shell's half-thickness to fit for <paramref name="mode"/> and <paramref name="thickness"/> (the whole
    /// thickness, in the mesh's units; null for <see cref="DefaultThicknessShare"/> of the diagonal), or null for the
    /// solid the winding number gives.
    /// </summary>
    public float? ShellHalfThickness(ShellMode mode, double? thickness) => mode switch
    {
        ShellMode.Off => null,
        ShellMode.Auto when !NeedsShell => null,
        _ => (float)((thickness ?? DefaultThicknessShare * Diagonal) / 2),
    };

    /// <summary>One line for the user: what is open about the mesh and what the fit makes of it.</summary>
    public string Describe(string source, float? halfThickness)
    {
        string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        if (!IsOpen && halfThickness is null) return $"{source}: closed mesh (every edge shared by two triangles): fitting the solid it encloses";
        string what = $"{source}: {(IsOpen ? "open mesh" : "closed mesh")}: {BoundaryEdges:N0} boundary edge{(BoundaryEdges == 1 ? "" : "s")} in {Holes:N0} hole{(Holes == 1 ? "" : "s")}" +
                      (Holes > 0 ? $" (the largest {LargestHole:0%} of the diagonal)" : "") +
                      $", {NonManifoldEdges:N0} non-manifold; the winding number is undecided over {AmbiguousSpace:0.#%} of the space around it";
        return halfThickness is { } h
            ? $"{what}: fitting a shell {F(2 * h)} thick around the surface (--shell off fits the solid; --shell THICKNESS sets it)"
            : $"{what}: fitting the solid it encloses{(IsOpen ? $" (--shell auto fits a shell above {ShellThreshold:0%} undecided or a hole over {LargeHoleShare:0%} of the diagonal; --shell THICKNESS forces one)" : "")}";
    }

    /// <summary>
    /// The mesh's boundary edges (used by one triangle, corners welded by position), each with that triangle: the rim of an
    /// open surface, which a shell around it closes with a half-tube.
    /// </summary>
    public static (int A, int B, int Triangle)[] BoundaryEdgesOf(InputGeometry mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        return EdgeUses(mesh).Where(e => e.Value.Uses == 1).Select(e => (e.Key.Item1, e.Key.Item2, e.Value.Triangle)).ToArray();
    }

    /// <summary>Every edge between welded corners, with how many triangles use it and the first of them.</summary>
    private static Dictionary<(int, int), (int Uses, int Triangle)> EdgeUses(InputGeometry mesh)
    {
        int[] corner = WeldedCorners(mesh.Positions);
        var uses = new Dictionary<(int, int), (int Uses, int Triangle)>();
        int[] triangles = mesh.Triangles;
        for (int t = 0; t < triangles.Length; t += 3)
        {
            for (int k = 0; k < 3; k++)
            {
                int a = corner[triangles[t + k]], b = corner[triangles[t + (k + 1) % 3]];
                if (a == b) continue;
                var edge = a < b ? (a, b) : (b, a);
                uses[edge] = uses.TryGetValue(edge, out var seen) ? (seen.Uses + 1, seen.Triangle) : (1, t / 3);
            }
        }
        return uses;
    }

    /// <summary>For each position, the index of the first position equal to it.</summary>
    private static int[] WeldedCorners(Vector3[] positions)
    {
        var first = new Dictionary<Vector3, int>(positions.Length);
        int[] corner = new int[positions.Length];
        for (int i = 0; i < positions.Length; i++)
        {
            if (!first.TryGetValue(positions[i], out corner[i])) first[positions[i]] = corner[i] = i;
        }
        return corner;
    }

    /// <summary>The connected loops of boundary edges, and the largest one's box diagonal over <paramref name="diagonal"/>.</summary>
    private static (int Count, double Largest) BoundaryLoops((int A, int B)[] edges, Vector3[] positions, double diagonal)
    {
        var parent = new Dictionary<int, int>();
        int Find(int v)
        {
            if (!parent.ContainsKey(v)) return parent[v] = v;
            int root = v;
            while (parent[root] != root) root = parent[root];
            while (parent[v] != root) (parent[v], v) = (root, parent[v]);
            return root;
        }
        foreach ((int a, int b) in edges) parent[Find(a)] = Find(b);
        var boxes = new Dictionary<int, (Vector3 Min, Vector3 Max)>();
        foreach (int v in parent.Keys.ToArray())
        {
            int root = Find(v);
            Vector3 p = positions[v];
            boxes[root] = boxes.TryGetValue(root, out var box) ? (Vector3.Min(box.Min, p), Vector3.Max(box.Max, p)) : (p, p);
        }
        double largest = boxes.Count == 0 || !(diagonal > 0) ? 0 : boxes.Values.Max(b => (double)Vector3.Distance(b.Min, b.Max)) / diagonal;
        return (boxes.Count, largest);
    }
}
