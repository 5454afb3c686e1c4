namespace NeuralSdf.Training.Images;

/// <summary>What an image fit is told about the image (the SIREN paper's experiments).</summary>
public enum ImageSupervision
{
    /// <summary>The pixel values.</summary>
    Values,

    /// <summary>
    /// The image's spatial gradients only (Sobel): the Poisson equation from its gradients. The field is then defined up
    /// to a constant per channel, which the fit takes from the source's mean.
    /// </summary>
    Gradients,

    /// <summary>The Laplacian only: the Poisson equation from its right-hand side; defined up to a constant (and, in principle, a linear term).</summary>
    Laplacian,

    /// <summary>Both the values and the gradients.</summary>
    ValuesAndGradients,
}
