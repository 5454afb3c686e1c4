using System.Numerics;

namespace NeuralSdf.Runtime.Tests;

/// <summary>The image field's typed view: channel expansion, sampling grids, and its derivatives against finite differences of its values.</summary>
public class ImageFieldTests
{
    [Fact]
    public void ColorExpandsEveryChannelLayoutToRgba()
    {
        Assert.Equal(new Vector4(0.2f, 0.2f, 0.2f, 1), ImageField.ToRgba([0.2f]));
        Assert.Equal(new Vector4(0.2f, 0.2f, 0.2f, 0.7f), ImageField.ToRgba([0.2f, 0.7f]));
        Assert.Equal(new Vector4(0.1f, 0.2f, 0.3f, 1), ImageField.ToRgba([0.1f, 0.2f, 0.3f]));
        Assert.Equal(new Vector4(0.1f, 0.2f, 0.3f, 0.4f), ImageField.ToRgba([0.1f, 0.2f, 0.3f, 0.4f]));
        ImageField grey = TestModels.RandomImageField(1, 1, 8);
        float[] value = new float[1];
        grey.Sample([new Vector2(0.3f, 0.6f)], value);
        Assert.Equal(new Vector4(value[0], value[0], value[0], 1), grey.Color(new Vector2(0.3f, 0.6f)));
    }

    [Fact]
    public void CoordinatesKeepTheAspectAlongTheLongerSide()
    {
        InputAffine wide = ImageField.NormalizedCoordinates(300, 200);
        Assert.Equal([0.5f, 0.5f], wide.Center.ToArray());
        Assert.Equal([2f, 2f * 200 / 300], wide.Scale.ToArray());
        // One source pixel is the same step in both normalized axes.
        Assert.Equal(wide.Scale[0] / 300, wide.Scale[1] / 200, 6);
    }

    [Fact]
    public void RenderAtTheSourceSizeSamplesThePixelCenters()
    {
        ImageField field = TestModels.RandomImageField(2, 3, 8, 8);
        float[] rendered = field.Render(field.Width, field.Height, UvRegion.Whole);
        var centers = new Vector2[field.Width * field.Height];
        for (int y = 0; y < field.Height; y++)
            for (int x = 0; x < field.Width; x++) centers[y * field.Width + x] = new Vector2((x + 0.5f) / field.Width, (y + 0.5f) / field.Height);
        float[] sampled = new float[rendered.Length];
        field.Sample(centers, sampled);
        Assert.Equal(sampled, rendered);
        float[] zoomed = field.Render(2, 1, new UvRegion(new Vector2(0.5f, 0.25f), new Vector2(0.75f, 0.5f)));
        float[] expected = new float[6];
        field.Sample([new Vector2(0.5625f, 0.375f), new Vector2(0.6875f, 0.375f)], expected);
        Assert.Equal(expected, zoomed);
    }

    [Fact]
    public void JacobianAndPerPixelLaplacianMatchFiniteDifferencesOnANonSquareImage()
    {
        ImageField field = TestModels.RandomImageField(3, 2, 16, 16); // 40 × 24 pixels
        Vector2[] uv = Enumerable.Range(0, 40).Select(i => new Vector2(0.1f + 0.02f * i, 0.9f - 0.019f * i)).ToArray();
        float[] values = new float[uv.Length * 2], jacobians = new float[uv.Length * 4], laplacians = new float[uv.Length * 2];
        field.Sample(uv, values, jacobians);
        field.Laplacian(uv, laplacians);

        // Finite differences in double through the field's own affine maps and weights would repeat the code under test;
        // differences of the float evaluator with a step of a tenth of a pixel are independent of it and accurate enough.
        double worstJacobian = 0, worstLaplacian = 0, scale = 0;
        float hu = 0.1f / field.Width, hv = 0.1f / field.Height;
        for (int p = 0; p < uv.Length; p++)
        {
            float[] c = Sample(field, uv[p]), u1 = Sample(field, uv[p] + new Vector2(hu, 0)), u0 = Sample(field, uv[p] - new Vector2(hu, 0));
            float[] v1 = Sample(field, uv[p] + new Vector2(0, hv)), v0 = Sample(field, uv[p] - new Vector2(0, hv));
            for (int ch = 0; ch < 2; ch++)
            {
                double du = (u1[ch] - u0[ch]) / (2.0 * hu), dv = (v1[ch] - v0[ch]) / (2.0 * hv);
                worstJacobian = Math.Max(worstJacobian, Math.Max(Math.Abs(jacobians[(p * 2 + ch) * 2] - du), Math.Abs(jacobians[(p * 2 + ch) * 2 + 1] - dv)));
                // Per pixel: the steps are a tenth of a pixel, so the second differences divide by 0.1².
                double laplacian = (u1[ch] - 2.0 * c[ch] + u0[ch]) / 0.01 + (v1[ch] - 2.0 * c[ch] + v0[ch]) / 0.01;
                worstLaplacian = Math.Max(worstLaplacian, Math.Abs(laplacians[p * 2 + ch] - laplacian));
                scale = Math.Max(scale, Math.Abs(laplacian));
            }
        }
        Assert.True(worstJacobian < 2e-3, $"max |J − finite difference| = {worstJacobian:E2}");
        Assert.True(scale > 1e-3, "the test field should have curvature to measure");
        Assert.True(worstLaplacian < 0.05 * scale, $"max |Δ − second difference| = {worstLaplacian:E2} against a largest |Δ| of {scale:E2}");
    }

    private static float[] Sample(ImageField field, Vector2 uv)
    {
        float[] values = new float[field.Channels];
        field.Sample([uv], values);
        return values;
    }
}
