namespace NeuralSdf.Runtime;

/// <summary>What <see cref="ImageFieldRenderer"/> draws of an image field.</summary>
public enum ImageFieldView
{
    /// <summary>The field's colour, over a checkerboard where it is transparent.</summary>
    Value,

    /// <summary>The magnitude of each colour channel's analytic gradient per source pixel, divided by the derivative scale (white).</summary>
    GradientMagnitude,

    /// <summary>Each colour channel's Laplacian per source pixel, mid grey 0, ± the derivative scale white and black.</summary>
    Laplacian,
}
