using NeuralSdf.Runtime;
using StbImageWriteSharp;

namespace NeuralSdf.Cli;

/// <summary>Writes channel values in [0, 1] as an 8-bit PNG with as many channels (grey, grey + alpha, RGB, RGBA), atomically.</summary>
internal static class ImagePng
{
    public static void Write(string path, int width, int height, int channels, ReadOnlySpan<float> values)
    {
        byte[] bytes = new byte[values.Length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)Math.Clamp(MathF.Round(values[i] * 255f), 0f, 255f);
        var components = channels switch
        {
            1 => ColorComponents.Grey,
            2 => ColorComponents.GreyAlpha,
            3 => ColorComponents.RedGreenBlue,
            _ => ColorComponents.RedGreenBlueAlpha,
        };
        AtomicFile.Write(path, stream => new ImageWriter().WritePng(bytes, width, height, components, stream));
    }
}
