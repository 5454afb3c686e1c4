namespace NeuralSdf.Viewer;

/// <summary>The viewer's keys and what they do, as shown on H (and listed in the README).</summary>
public static class ViewerKeys
{
    /// <summary>Key and action, one per line.</summary>
    public static readonly IReadOnlyList<(string Key, string Action)> Help =
    [
        ("W A S D", "move forward, left, back, right"),
        ("Q E", "move down, up"),
        ("SHIFT", "move 4x faster"),
        ("RIGHT MOUSE", "hold and drag to look around"),
        ("TAB", "capture the mouse to look without a button"),
        ("WHEEL", "change the speed"),
        ("F", "frame the scene"),
        ("R", "reset the camera"),
        ("N", "next view: shaded, normals, steps, eikonal error"),
        ("F12", "save a screenshot png"),
        ("H", "show or hide this help"),
        ("ESC", "quit"),
    ];
}
