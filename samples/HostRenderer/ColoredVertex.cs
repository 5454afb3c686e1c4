using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralSdf.Samples.HostRenderer;

/// <summary>One vertex of a <see cref="ColoredMesh"/>: position, normal, color (nine floats).</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct ColoredVertex(Vector3 Position, Vector3 Normal, Vector3 Color);
