using System.Numerics;
using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.Tests.Embedding;

/// <summary>
/// A host's compute pass over its own particle buffer (std430, binding 0, local size 32): each <c>vec4</c> holds a
/// position on the way in and (gradient, distance) on the way out. Written with plain GL calls, as a host would.
/// </summary>
internal static class HostCompute
{
    /// <summary>Compiles <paramref name="source"/>, runs it over <paramref name="points"/> (a multiple of 32) and reads the results back.</summary>
    public static Vector4[] Run(GL gl, string source, Vector3[] points)
    {
        uint shader = gl.CreateShader(ShaderType.ComputeShader);
        gl.ShaderSource(shader, source);
        gl.CompileShader(shader);
        Assert.True(gl.GetShader(shader, ShaderParameterName.CompileStatus) != 0, gl.GetShaderInfoLog(shader));
        uint program = gl.CreateProgram();
        gl.AttachShader(program, shader);
        gl.LinkProgram(program);
        gl.DeleteShader(shader);
        Assert.True(gl.GetProgram(program, ProgramPropertyARB.LinkStatus) != 0, gl.GetProgramInfoLog(program));

        uint particles = gl.GenBuffer();
        gl.BindBuffer(BufferTargetARB.ShaderStorageBuffer, particles);
        gl.BufferData<Vector4>(BufferTargetARB.ShaderStorageBuffer, points.Select(p => new Vector4(p, 1)).ToArray(), BufferUsageARB.DynamicCopy);
        gl.BindBufferBase(BufferTargetARB.ShaderStorageBuffer, 0, particles);
        gl.UseProgram(program);
        gl.DispatchCompute((uint)points.Length / 32, 1, 1);
        gl.MemoryBarrier(MemoryBarrierMask.BufferUpdateBarrierBit);
        Vector4[] results = new Vector4[points.Length];
        gl.GetBufferSubData<Vector4>(BufferTargetARB.ShaderStorageBuffer, 0, results.AsSpan());
        gl.UseProgram(0);
        gl.DeleteProgram(program);
        gl.DeleteBuffer(particles);
        Assert.Equal(GLEnum.NoError, gl.GetError());
        return results;
    }

    /// <summary>
    /// The largest |Δd| as a fraction of the bounds diagonal and the largest relative |Δ∇d| (over max(|∇d|, 1)) between
    /// the GPU's (gradient, distance) results and the CPU evaluator.
    /// </summary>
    public static (double Distance, double Gradient) ErrorsAgainstCpu(SdfModel model, Vector3[] points, Vector4[] results)
    {
        double diagonal = model.Bounds.Diagonal, maxDistance = 0, maxGradient = 0;
        for (int i = 0; i < points.Length; i++)
        {
            Vector3 gradient = model.Gradient(points[i]);
            maxDistance = Math.Max(maxDistance, Math.Abs(results[i].W - model.Distance(points[i])) / diagonal);
            maxGradient = Math.Max(maxGradient, (new Vector3(results[i].X, results[i].Y, results[i].Z) - gradient).Length() / Math.Max(1.0, gradient.Length()));
        }
        return (maxDistance, maxGradient);
    }
}
