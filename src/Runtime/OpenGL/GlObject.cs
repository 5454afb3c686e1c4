using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>
/// Owns one GL object name and deletes it once. <see cref="Dispose"/> is safe to call twice and must run on the
/// thread whose current context created the object. Debug builds report objects that were never disposed.
/// </summary>
internal abstract class GlObject : IDisposable
{
    protected GlObject(GL gl, uint handle, string label)
    {
        Gl = gl;
        Handle = handle;
        Label = label;
    }

    public GL Gl { get; }

    /// <summary>The GL name; 0 once disposed.</summary>
    public uint Handle { get; private set; }

    /// <summary>The KHR_debug label, also used in error messages.</summary>
    public string Label { get; }

    public void Dispose()
    {
        if (Handle == 0) return;
        Delete(Handle);
        Handle = 0;
        GC.SuppressFinalize(this);
    }

    protected abstract void Delete(uint handle);

    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Handle == 0, this);

    /// <summary>Labels the object for debuggers (RenderDoc, apitrace, KHR_debug messages) where the context supports it.</summary>
    protected void ApplyLabel(ObjectIdentifier kind)
    {
        if (GlCapabilities.HasDebugLabels(Gl)) Gl.ObjectLabel(kind, Handle, (uint)Label.Length, Label);
    }

#if DEBUG
    ~GlObject()
    {
        if (Handle != 0)
            Console.Error.WriteLine($"NeuralSdf: GL leak: {GetType().Name} '{Label}' (name {Handle}) was never disposed.");
    }
#endif
}
