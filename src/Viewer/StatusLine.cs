namespace NeuralSdf.Viewer;

/// <summary>A short message for the title bar (a reload, a failed reload) that stands for five seconds.</summary>
internal sealed class StatusLine
{
    private const double Seconds = 5;
    private string _text = "";
    private double _until;

    public void Set(string text, double now)
    {
        _text = text;
        _until = now + Seconds;
    }

    /// <summary>" | " and the message while it stands, else empty.</summary>
    public string TitlePart(double now) => now < _until ? $" | {_text}" : "";
}
