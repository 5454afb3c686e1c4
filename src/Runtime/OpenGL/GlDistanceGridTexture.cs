using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>
/// An <see cref="SdfDistanceGrid"/> as a 3-D RG32F texture with trilinear filtering, one texel per vertex: the distance
/// and the step scale (1 / the local Lipschitz bound).
/// </summary>
internal sealed class GlDistanceGridTexture : GlObject
{
    private static readonly PixelStoreParameter[] UnpackState =
    [
        PixelStoreParameter.UnpackAlignment, PixelStoreParameter.UnpackRowLength, PixelStoreParameter.UnpackImageHeight,
        PixelStoreParameter.UnpackSkipPixels, PixelStoreParameter.UnpackSkipRows, PixelStoreParameter.UnpackSkipImages,
        PixelStoreParameter.UnpackSwapBytes, PixelStoreParameter.UnpackLsbFirst,
    ];

    public unsafe GlDistanceGridTexture(GL gl, SdfDistanceGrid grid, string label)
        : base(gl, gl.GenTexture(), label)
    {
        // The active unit keeps its 3-D binding, and the host its unpack state: set ours, upload, put theirs back.
        int previous = gl.GetInteger(GLEnum.TextureBinding3D);
        int unpackBuffer = gl.GetInteger(GetPName.PixelUnpackBufferBinding);
        Span<int> unpack = stackalloc int[UnpackState.Length];
        for (int i = 0; i < UnpackState.Length; i++) unpack[i] = gl.GetInteger((GetPName)UnpackState[i]);
        gl.BindBuffer(BufferTargetARB.PixelUnpackBuffer, 0);
        foreach (PixelStoreParameter parameter in UnpackState) gl.PixelStore(parameter, parameter == PixelStoreParameter.UnpackAlignment ? 4 : 0);
        gl.BindTexture(TextureTarget.Texture3D, Handle);
        // Red: the distance; green: the step scale 1 / the local Lipschitz bound.
        var texels = new float[2 * grid.Distances.Length];
        for (int i = 0; i < grid.Distances.Length; i++) (texels[2 * i], texels[2 * i + 1]) = (grid.Distances[i], 1f / grid.LipschitzBounds[i]);
        fixed (float* data = texels)
            gl.TexImage3D(TextureTarget.Texture3D, 0, InternalFormat.RG32f, (uint)grid.SizeX, (uint)grid.SizeY, (uint)grid.SizeZ, 0,
                PixelFormat.RG, PixelType.Float, data);
        for (int i = 0; i < UnpackState.Length; i++) gl.PixelStore(UnpackState[i], unpack[i]);
        gl.BindBuffer(BufferTargetARB.PixelUnpackBuffer, (uint)unpackBuffer);
        gl.TexParameter(TextureTarget.Texture3D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Linear);
        gl.TexParameter(TextureTarget.Texture3D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Linear);
        gl.TexParameter(TextureTarget.Texture3D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture3D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture3D, TextureParameterName.TextureWrapR, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture3D, TextureParameterName.TextureMaxLevel, 0);
        gl.BindTexture(TextureTarget.Texture3D, (uint)previous);
        ApplyLabel(ObjectIdentifier.Texture);
    }

    /// <summary>
    /// Binds the texture to <paramref name="unit"/>, with no sampler object there (a host's would replace the texture's
    /// own filtering), and leaves that unit active.
    /// </summary>
    public void Bind(int unit)
    {
        ThrowIfDisposed();
        Gl.ActiveTexture(TextureUnit.Texture0 + unit);
        Gl.BindTexture(TextureTarget.Texture3D, Handle);
        Gl.BindSampler((uint)unit, 0);
    }

    protected override void Delete(uint handle) => Gl.DeleteTexture(handle);
}
