using System.Diagnostics;
using Silk.NET.OpenGL;

namespace NeuralSdf.Bench;

/// <summary>Clears the bound framebuffer and times one draw from a finished pipeline to a finished pipeline.</summary>
internal static class FrameTimer
{
    public static void Clear(GL gl)
    {
        gl.ClearColor(0, 0, 0, 0);
        gl.ClearDepth(1);
        gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);
    }

    /// <summary>Seconds from glFinish before <paramref name="draw"/> to glFinish after it.</summary>
    public static double Time(GL gl, Action draw)
    {
        Clear(gl);
        gl.Finish();
        var clock = Stopwatch.StartNew();
        draw();
        gl.Finish();
        return clock.Elapsed.TotalSeconds;
    }
}
