namespace NeuralSdf.Training.Geometry;

/// <summary>What <see cref="PointCloudNormals.Estimate(InputGeometry, out NormalEstimationReport, int)"/> did.</summary>
/// <param name="Points">Points that received a normal (all of them).</param>
/// <param name="Neighbours">Neighbours used per point: the requested count, or fewer when the cloud is smaller.</param>
/// <param name="Flipped">Normals that orientation reversed relative to the covariance eigenvector, whose sign is arbitrary (so about half).</param>
/// <param name="Degenerate">Points whose neighbourhood had fewer than three points or was coincident or collinear; their
/// normal is borrowed from the nearest neighbour with a good one, or points away from the cloud's centroid.</param>
/// <param name="Components">Connected components of the neighbour graph (over non-degenerate points), each oriented on its own.</param>
/// <param name="ComponentsReversed">Components whose propagated orientation the outward check reversed as a whole.</param>
public sealed record NormalEstimationReport(int Points, int Neighbours, int Flipped, int Degenerate, int Components, int ComponentsReversed);
