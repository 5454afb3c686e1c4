namespace NeuralSdf.Training;

/// <summary>Whether a mesh fit is of the solid its winding number encloses or of a thin shell around its surface (<c>--shell</c>).</summary>
public enum ShellMode
{
    /// <summary>A shell when the mesh's winding number leaves too much of the space undecided or a hole is wide (<see cref="Supervision.SurfaceClosure.NeedsShell"/>), else the solid.</summary>
    Auto,

    /// <summary>Always the solid.</summary>
    Off,

    /// <summary>Always a shell.</summary>
    On,
}
