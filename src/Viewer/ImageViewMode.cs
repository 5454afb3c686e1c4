namespace NeuralSdf.Viewer;

/// <summary>What the image viewer shows of an image field; N cycles through them in this order.</summary>
public enum ImageViewMode
{
    /// <summary>The field's colour, over a checkerboard where it is transparent.</summary>
    Value,

    /// <summary>The magnitude of each colour channel's analytic gradient, per source pixel, scaled so white is the field's largest.</summary>
    GradientMagnitude,

    /// <summary>Each colour channel's Laplacian per source pixel (mid grey 0), scaled so white and black are the field's largest.</summary>
    Laplacian,
}
