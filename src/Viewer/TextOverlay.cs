using Silk.NET.OpenGL;

namespace NeuralSdf.Viewer;

/// <summary>
/// Lines of text on a dark panel in the window's top-left corner, rasterized on the CPU with <see cref="BitmapFont"/>
/// into a texture and copied into the bound draw framebuffer with a blit (no shader, no blending state to restore).
/// </summary>
internal sealed class TextOverlay : IDisposable
{
    private const int Padding = 6, Margin = 8;
    private readonly GL _gl;
    private uint _texture, _framebuffer;
    private string _text = "";
    private int _width, _height;

    public TextOverlay(GL gl) => _gl = gl;

    /// <summary>Draws the panel into the default framebuffer of a <paramref name="windowWidth"/>×<paramref name="windowHeight"/> window.</summary>
    public void Draw(IEnumerable<string> lines, int windowWidth, int windowHeight)
    {
        string[] text = lines.ToArray();
        int pixelSize = windowWidth >= 800 ? 2 : 1;
        string key = pixelSize + "\n" + string.Join("\n", text);
        if (key != _text) Upload(text, pixelSize, key);
        int width = Math.Min(_width, windowWidth - Margin), height = Math.Min(_height, windowHeight - Margin);
        if (width <= 0 || height <= 0) return;
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, _framebuffer);
        _gl.BindFramebuffer(FramebufferTarget.DrawFramebuffer, 0);
        // The image's first row is its top: flip it on the way, and anchor it to the window's top.
        int top = windowHeight - Margin;
        _gl.BlitFramebuffer(0, 0, width, height, Margin, top, Margin + width, top - height, ClearBufferMask.ColorBufferBit, BlitFramebufferFilter.Nearest);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
    }

    public void Dispose()
    {
        if (_framebuffer != 0) _gl.DeleteFramebuffer(_framebuffer);
        if (_texture != 0) _gl.DeleteTexture(_texture);
        _framebuffer = _texture = 0;
    }

    private void Upload(string[] lines, int pixelSize, string key)
    {
        int columns = lines.Length == 0 ? 1 : lines.Max(l => l.Length);
        _width = 2 * Padding + columns * BitmapFont.Advance * pixelSize;
        _height = 2 * Padding + lines.Length * BitmapFont.LineHeight * pixelSize;
        byte[] rgba = Rasterize(lines, _width, _height, pixelSize);
        if (_texture == 0)
        {
            _texture = _gl.GenTexture();
            _framebuffer = _gl.GenFramebuffer();
        }
        int previousTexture = _gl.GetInteger(GetPName.TextureBinding2D);
        int previousAlignment = _gl.GetInteger(GetPName.UnpackAlignment);
        _gl.BindTexture(TextureTarget.Texture2D, _texture);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, 4);
        _gl.TexImage2D<byte>(TextureTarget.Texture2D, 0, InternalFormat.Rgba8, (uint)_width, (uint)_height, 0, PixelFormat.Rgba, PixelType.UnsignedByte, rgba);
        _gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Nearest);
        _gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Nearest);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, previousAlignment);
        _gl.BindTexture(TextureTarget.Texture2D, (uint)previousTexture);
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, _framebuffer);
        _gl.FramebufferTexture2D(FramebufferTarget.ReadFramebuffer, FramebufferAttachment.ColorAttachment0, TextureTarget.Texture2D, _texture, 0);
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, 0);
        _text = key;
    }

    /// <summary>Light text on a dark panel, rows top-down.</summary>
    internal static byte[] Rasterize(string[] lines, int width, int height, int pixelSize)
    {
        byte[] rgba = new byte[4 * width * height];
        for (int i = 0; i < width * height; i++) (rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]) = ((byte)24, (byte)26, (byte)30, (byte)255);
        for (int line = 0; line < lines.Length; line++)
        {
            for (int column = 0; column < lines[line].Length; column++)
            {
                char c = lines[line][column];
                for (int gy = 0; gy < BitmapFont.GlyphHeight; gy++)
                for (int gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                {
                    if (!BitmapFont.IsSet(c, gx, gy)) continue;
                    int x0 = Padding + (column * BitmapFont.Advance + gx) * pixelSize;
                    int y0 = Padding + (line * BitmapFont.LineHeight + gy) * pixelSize;
                    for (int dy = 0; dy < pixelSize; dy++)
                    for (int dx = 0; dx < pixelSize; dx++)
                    {
                        int p = 4 * ((y0 + dy) * width + x0 + dx);
                        rgba[p] = rgba[p + 1] = rgba[p + 2] = 235;
                    }
                }
            }
        }
        return rgba;
    }
}
