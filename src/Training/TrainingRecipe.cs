namespace NeuralSdf.Training;

/// <summary>Which loss a fit minimizes.</summary>
public enum TrainingRecipe
{
    /// <summary><see cref="Supervised"/> when the input allows it (a mesh, or a point cloud with normals, which
    /// <see cref="SdfTrainer.Fit"/> estimates when the file has none), else <see cref="Siren"/>.</summary>
    Auto,

    /// <summary>
    /// The SIREN paper's loss: |f| and normal alignment on the surface, exp(−100·|f|) at space points, Eikonal everywhere.
    /// It knows no sign away from the surface, so stray zero sets ("ghosts") can survive.
    /// </summary>
    Siren,

    /// <summary>
    /// The SIREN loss with the space term replaced by |f − s| (both clamped to ±0.1 in normalized units) and
    /// 1 − cos(∇f, ∇s) against the true signed distance s and its gradient at space and near-surface points (exact
    /// for meshes, estimated from oriented points for point clouds).
    /// </summary>
    Supervised,
}
