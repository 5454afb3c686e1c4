using Silk.NET.OpenGL;

namespace NeuralSdf.Hosting;

/// <summary>
/// A framebuffer object with an RGBA8 color and a 32-bit float depth renderbuffer, for rendering without a window.
/// Read-backs return rows top-down (image order), although GL stores them bottom-up.
/// </summary>
public sealed class OffscreenFramebuffer : IDisposable
{
    private readonly GL _gl;
    private uint _framebuffer;
    private uint _color;
    private uint _depth;

    /// <summary>Creates the framebuffer; the context must be current.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not between 1 and <c>GL_MAX_RENDERBUFFER_SIZE</c>.</exception>
    public OffscreenFramebuffer(GL gl, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(gl);
        int max = gl.GetInteger(GetPName.MaxRenderbufferSize);
        if (width < 1 || width > max) throw new ArgumentOutOfRangeException(nameof(width), width, $"Width must be between 1 and {max}.");
        if (height < 1 || height > max) throw new ArgumentOutOfRangeException(nameof(height), height, $"Height must be between 1 and {max}.");
        _gl = gl;
        Width = width;
        Height = height;

        int previousRenderbuffer = gl.GetInteger(GetPName.RenderbufferBinding);
        int previousDraw = gl.GetInteger(GetPName.DrawFramebufferBinding);
        _color = gl.GenRenderbuffer();
        gl.BindRenderbuffer(RenderbufferTarget.Renderbuffer, _color);
        gl.RenderbufferStorage(RenderbufferTarget.Renderbuffer, InternalFormat.Rgba8, (uint)width, (uint)height);
        _depth = gl.GenRenderbuffer();
        gl.BindRenderbuffer(RenderbufferTarget.Renderbuffer, _depth);
        gl.RenderbufferStorage(RenderbufferTarget.Renderbuffer, InternalFormat.DepthComponent32f, (uint)width, (uint)height);
        _framebuffer = gl.GenFramebuffer();
        gl.BindFramebuffer(FramebufferTarget.DrawFramebuffer, _framebuffer);
        gl.FramebufferRenderbuffer(FramebufferTarget.DrawFramebuffer, FramebufferAttachment.ColorAttachment0, RenderbufferTarget.Renderbuffer, _color);
        gl.FramebufferRenderbuffer(FramebufferTarget.DrawFramebuffer, FramebufferAttachment.DepthAttachment, RenderbufferTarget.Renderbuffer, _depth);
        GLEnum status = gl.CheckFramebufferStatus(FramebufferTarget.DrawFramebuffer);
        gl.BindFramebuffer(FramebufferTarget.DrawFramebuffer, (uint)previousDraw);
        gl.BindRenderbuffer(RenderbufferTarget.Renderbuffer, (uint)previousRenderbuffer);
        if (status != GLEnum.FramebufferComplete)
        {
            Dispose();
            throw new InvalidOperationException($"The {width}×{height} RGBA8 + DEPTH32F framebuffer is incomplete ({status}).");
        }
    }

    /// <summary>The width in pixels.</summary>
    public int Width { get; }

    /// <summary>The height in pixels.</summary>
    public int Height { get; }

    /// <summary>The GL framebuffer name (for blits); 0 once disposed.</summary>
    public uint Handle => _framebuffer;

    /// <summary>Whether <see cref="Dispose"/> was called.</summary>
    public bool IsDisposed => _framebuffer == 0;

    /// <summary>Binds this framebuffer for drawing and reading and sets the viewport to cover it.</summary>
    public void Bind()
    {
        ObjectDisposedException.ThrowIf(_framebuffer == 0, this);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        _gl.Viewport(0, 0, (uint)Width, (uint)Height);
    }

    /// <summary>The color buffer as RGBA8, 4 bytes a pixel, rows top-down.</summary>
    public byte[] ReadRgba()
    {
        byte[] pixels = new byte[4 * Width * Height];
        Read(ReadBufferMode.ColorAttachment0, PixelFormat.Rgba, PixelType.UnsignedByte, pixels.AsSpan());
        FlipRows(pixels.AsSpan(), 4 * Width);
        return pixels;
    }

    /// <summary>The depth buffer as window-space depth (0 near, 1 far for the default depth range), rows top-down.</summary>
    public float[] ReadDepth()
    {
        float[] depth = new float[Width * Height];
        Read(ReadBufferMode.None, PixelFormat.DepthComponent, PixelType.Float, depth.AsSpan());
        FlipRows(depth.AsSpan(), Width);
        return depth;
    }

    /// <summary>Deletes the framebuffer and its renderbuffers. Safe to call twice; the context must be current.</summary>
    public void Dispose()
    {
        if (_framebuffer != 0) _gl.DeleteFramebuffer(_framebuffer);
        if (_color != 0) _gl.DeleteRenderbuffer(_color);
        if (_depth != 0) _gl.DeleteRenderbuffer(_depth);
        _framebuffer = _color = _depth = 0;
    }

    private void Read<T>(ReadBufferMode buffer, PixelFormat format, PixelType type, Span<T> destination) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_framebuffer == 0, this);
        int previousRead = _gl.GetInteger(GetPName.ReadFramebufferBinding);
        int previousAlignment = _gl.GetInteger(GetPName.PackAlignment);
        int previousPackBuffer = _gl.GetInteger(GetPName.PixelPackBufferBinding);
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, _framebuffer);
        if (buffer != ReadBufferMode.None) _gl.ReadBuffer(buffer);
        _gl.PixelStore(PixelStoreParameter.PackAlignment, 4);
        _gl.BindBuffer(BufferTargetARB.PixelPackBuffer, 0);
        _gl.ReadPixels(0, 0, (uint)Width, (uint)Height, format, type, destination);
        _gl.BindBuffer(BufferTargetARB.PixelPackBuffer, (uint)previousPackBuffer);
        _gl.PixelStore(PixelStoreParameter.PackAlignment, previousAlignment);
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, (uint)previousRead);
    }

    private static void FlipRows<T>(Span<T> pixels, int rowLength) where T : unmanaged
    {
        int rows = pixels.Length / rowLength;
        T[] scratch = new T[rowLength];
        for (int top = 0, bottom = rows - 1; top < bottom; top++, bottom--)
        {
            Span<T> a = pixels.Slice(top * rowLength, rowLength), b = pixels.Slice(bottom * rowLength, rowLength);
            a.CopyTo(scratch);
            b.CopyTo(a);
            scratch.CopyTo(b);
        }
    }
}
