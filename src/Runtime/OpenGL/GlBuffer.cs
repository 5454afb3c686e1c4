using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>
/// One buffer object. Uploads and read-backs go through the copy-write and copy-read targets and restore
/// their previous bindings, so they do not disturb the host's array, element or storage bindings.
/// </summary>
internal sealed class GlBuffer : GlObject
{
    public GlBuffer(GL gl, string label)
        : base(gl, CreateBound(gl), label)
    {
        ApplyLabel(ObjectIdentifier.Buffer);
    }

    /// <summary>The size of the data store in bytes.</summary>
    public long SizeInBytes { get; private set; }

    /// <summary>Replaces the data store with <paramref name="data"/>.</summary>
    public unsafe void SetData<T>(ReadOnlySpan<T> data, BufferUsageARB usage) where T : unmanaged
    {
        ThrowIfDisposed();
        int previous = Gl.GetInteger(GLEnum.CopyWriteBufferBinding);
        Gl.BindBuffer(BufferTargetARB.CopyWriteBuffer, Handle);
        Gl.BufferData(BufferTargetARB.CopyWriteBuffer, data, usage);
        Gl.BindBuffer(BufferTargetARB.CopyWriteBuffer, (uint)previous);
        SizeInBytes = (long)data.Length * sizeof(T);
    }

    /// <summary>Allocates <paramref name="sizeInBytes"/> bytes of undefined content.</summary>
    public unsafe void Allocate(long sizeInBytes, BufferUsageARB usage)
    {
        ThrowIfDisposed();
        int previous = Gl.GetInteger(GLEnum.CopyWriteBufferBinding);
        Gl.BindBuffer(BufferTargetARB.CopyWriteBuffer, Handle);
        Gl.BufferData(BufferTargetARB.CopyWriteBuffer, (nuint)sizeInBytes, null, usage);
        Gl.BindBuffer(BufferTargetARB.CopyWriteBuffer, (uint)previous);
        SizeInBytes = sizeInBytes;
    }

    /// <summary>Replaces the start of the data store with <paramref name="data"/> (which must fit).</summary>
    public unsafe void SetSubData<T>(ReadOnlySpan<T> data) where T : unmanaged
    {
        ThrowIfDisposed();
        int previous = Gl.GetInteger(GLEnum.CopyWriteBufferBinding);
        Gl.BindBuffer(BufferTargetARB.CopyWriteBuffer, Handle);
        Gl.BufferSubData(BufferTargetARB.CopyWriteBuffer, 0, data);
        Gl.BindBuffer(BufferTargetARB.CopyWriteBuffer, (uint)previous);
    }

    /// <summary>Reads the start of the data store into <paramref name="destination"/>.</summary>
    public void GetData<T>(Span<T> destination) where T : unmanaged
    {
        ThrowIfDisposed();
        int previous = Gl.GetInteger(GLEnum.CopyReadBufferBinding);
        Gl.BindBuffer(BufferTargetARB.CopyReadBuffer, Handle);
        Gl.GetBufferSubData(BufferTargetARB.CopyReadBuffer, 0, destination);
        Gl.BindBuffer(BufferTargetARB.CopyReadBuffer, (uint)previous);
    }

    protected override void Delete(uint handle) => Gl.DeleteBuffer(handle);

    // A buffer name gets its object only when first bound; bind it once so the label can be applied.
    private static uint CreateBound(GL gl)
    {
        uint handle = gl.GenBuffer();
        int previous = gl.GetInteger(GLEnum.CopyWriteBufferBinding);
        gl.BindBuffer(BufferTargetARB.CopyWriteBuffer, handle);
        gl.BindBuffer(BufferTargetARB.CopyWriteBuffer, (uint)previous);
        return handle;
    }
}
