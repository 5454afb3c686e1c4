namespace NeuralSdf.Runtime;

/// <summary>What <see cref="SdfRenderer"/> writes to the color of a traced pixel.</summary>
public enum SdfShadingMode
{
    /// <summary>
    /// Lit clay: a key light from <see cref="SdfRenderer.LightDirection"/> with soft shadows sphere-traced through the
    /// model, ambient occlusion from a few distance samples along the normal, and sky/ground ambient.
    /// </summary>
    Shaded,

    /// <summary>The view-space unit normal mapped to a color: <c>rgb = 0.5 · n + 0.5</c>.</summary>
    Normals,

    /// <summary>
    /// The sphere-tracing steps the pixel took, as a heat map from blue (few) to red (<see cref="SdfRenderer.MaxSteps"/>).
    /// Rays that enter the bounds and miss are drawn too, at the depth where they leave the bounds, since their cost is
    /// what this view is for. Alpha holds <c>steps / MaxSteps</c>, so the count can be read back; a ray that crosses the
    /// bounds on <see cref="SdfRenderer.EmptySpaceSkipping"/>'s jumps alone takes no step and has alpha 0, like one outside them.
    /// </summary>
    Steps,

    /// <summary>
    /// The Eikonal error <c>|∇f| − 1</c> at the hit as a diverging heat map: blue at −0.25 or less, white at 0,
    /// red at +0.25 or more. A true signed distance function has |∇f| = 1 everywhere.
    /// </summary>
    EikonalError,

    /// <summary>The surface's unlit base colour (the clay of <see cref="Shaded"/>), for compositing or a flat look.</summary>
    Albedo,

    /// <summary>
    /// The network evaluations the pixel costs when <see cref="Shaded"/>, which it is traced and shaded as: red holds
    /// the primary ray's distance evaluations, green the distance-and-gradient evaluations for the normal and the
    /// skin checks (each a forward pass carrying three tangents, about four distance evaluations' work), blue the shadow
    /// ray's and alpha ambient occlusion's, each as count / 255 (saturating at 255). Misses are not drawn, so a drawn
    /// pixel has red above 0. Reads of <see cref="SdfModel.DistanceGrid"/> are not network evaluations and not counted.
    /// </summary>
    Evaluations,
}
