using ScottPlot;
using SkiaSharp;

namespace NeuralSdf.Cli;

/// <summary>
/// The typeface of the report's plots: a subset of DejaVu Sans carried inside the program (see Fonts/LICENSE.txt).
/// Skia's Linux build without dependencies finds fonts only under /usr/share/fonts and a bare Debian has none
/// there, so plots drawn with system fonts would have no text at all.
/// </summary>
internal sealed class ReportFont : IFontResolver
{
    /// <summary>The font name the plots ask ScottPlot for; no installed font has it, so ours always answers.</summary>
    public const string Name = "NeuralSdf DejaVu Sans";

    private const string ResourceName = "NeuralSdf.Cli.DejaVuSans.ttf";
    private static readonly Lazy<byte[]> FontBytes = new(ReadResource);
    private static readonly Lock RegisterLock = new();
    private static bool _registered;

    /// <summary>Puts this resolver first in ScottPlot's list (once per process).</summary>
    public static void Register()
    {
        lock (RegisterLock)
        {
            if (_registered) return;
            Fonts.FontResolvers.Insert(0, new ReportFont());
            _registered = true;
        }
    }

    /// <summary>A new typeface made from the embedded font file (the caller owns it).</summary>
    public static SKTypeface CreateTypeface()
    {
        using SKData data = SKData.CreateCopy(FontBytes.Value);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"Skia could not read the embedded font {ResourceName} ({FontBytes.Value.Length:N0} bytes).");
    }

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fontName == Name ? CreateTypeface() : null;

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) => fontName == Name ? CreateTypeface() : null;

    private static byte[] ReadResource()
    {
        using Stream stream = typeof(ReportFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded font {ResourceName} is missing from {typeof(ReportFont).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
