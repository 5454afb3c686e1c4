using System.Numerics;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Supervision;

namespace NeuralSdf.Training.Tests.Supervision;

public sealed class SignedDistanceFactoryTests
{
    [Fact]
    public void MeshGivesMeshSignedDistanceCloudWithNormalsGivesPointCloudAndBareCloudGivesNull()
    {
        InputGeometry mesh = TestShapes.Sphere(Vector3.Zero, 1f, 12, 6);
        InputGeometry cloud = TestShapes.SpherePoints(Vector3.Zero, 1f, 200, 1);
        var bare = new InputGeometry("bare (test)", cloud.Positions, [], normals: null);

        Assert.IsType<MeshSignedDistance>(SignedDistanceFactory.For(mesh));
        Assert.IsType<PointCloudSignedDistance>(SignedDistanceFactory.For(cloud));
        Assert.Null(SignedDistanceFactory.For(bare));

        ISignedDistance sdf = SignedDistanceFactory.For(mesh)!;
        var distances = new float[2];
        sdf.Evaluate([Vector3.Zero, new Vector3(3, 0, 0)], distances);
        Assert.True(distances[0] < -0.9f && distances[1] > 1.9f, $"centre {distances[0]}, outside {distances[1]}");
    }
}
