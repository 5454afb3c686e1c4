namespace NeuralSdf.Runtime;

/// <summary>What a <see cref="NeuralField"/>'s inputs and outputs mean.</summary>
public enum FieldKind
{
    /// <summary>A shape: a point (x, y, z) in world units to its signed distance, negative inside (<see cref="SdfModel"/>).</summary>
    Sdf,

    /// <summary>An image: a texture coordinate (u, v) in [0, 1]², v down from the top row, to 1–4 channel values (<see cref="ImageField"/>).</summary>
    Image,
}
