using System.Numerics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Viewer;

/// <summary>
/// The derivative magnitudes the image viewer shows as white: the largest gradient magnitude and the largest |Laplacian|
/// of any colour channel (alpha left out), per source pixel, over a grid of up to 64 × 64 points across the image,
/// measured on the CPU from the field's analytic first and second derivatives.
/// </summary>
internal readonly record struct DerivativeScales(float Gradient, float Laplacian)
{
    private const int GridSize = 64;

    public float For(ImageFieldView mode) => mode == ImageFieldView.Laplacian ? Laplacian : Gradient;

    public static DerivativeScales Measure(ImageField image)
    {
        int width = Math.Min(GridSize, image.Width), height = Math.Min(GridSize, image.Height);
        Vector2[] uv = ImageField.PixelCenters(width, height, UvRegion.Whole);
        int channels = image.Channels, colors = channels is 2 or 4 ? channels - 1 : channels;

        float[] values = new float[uv.Length * channels], jacobians = new float[2 * values.Length];
        image.Sample(uv, values, jacobians);
        float gradient = 0;
        for (int p = 0; p < uv.Length; p++)
        for (int c = 0; c < colors; c++)
        {
            int at = 2 * (p * channels + c);
            float du = jacobians[at] / image.Width, dv = jacobians[at + 1] / image.Height;
            gradient = MathF.Max(gradient, MathF.Sqrt(du * du + dv * dv));
        }

        float[] laplacians = new float[values.Length];
        image.Laplacian(uv, laplacians);
        float laplacian = 0;
        for (int p = 0; p < uv.Length; p++)
        for (int c = 0; c < colors; c++) laplacian = MathF.Max(laplacian, MathF.Abs(laplacians[p * channels + c]));
        return new DerivativeScales(Positive(gradient), Positive(laplacian));
    }

    private static float Positive(float scale) => scale > 0 && float.IsFinite(scale) ? scale : 1;
}
