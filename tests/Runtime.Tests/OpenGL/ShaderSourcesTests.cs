using NeuralSdf.Runtime.OpenGL;

namespace NeuralSdf.Runtime.Tests.OpenGL;

public sealed class ShaderSourcesTests
{
    [Theory]
    [InlineData("fullscreen.vert.glsl")]
    [InlineData("sphere_trace.frag.glsl")]
    [InlineData("evaluate.comp.glsl")]
    public void ShadersAreEmbeddedAndStartWithAVersion(string file) =>
        Assert.StartsWith("#version 430 core\n", ShaderSources.Load(file));

    [Fact]
    public void IncludeLineIsReplacedByTheNetwork()
    {
        string composed = ShaderSources.WithNetwork("#version 430 core\n#include <nsdf_network>\nvoid main() {}\n", "float nsdf_distance(vec3 p) { return 0.0; }");
        Assert.Equal("#version 430 core\nfloat nsdf_distance(vec3 p) { return 0.0; }\nvoid main() {}\n", composed);
        Assert.Throws<InvalidOperationException>(() => ShaderSources.WithNetwork("void main() {}", "x"));
    }
}
