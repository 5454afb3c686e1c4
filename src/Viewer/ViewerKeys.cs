namespace NeuralSdf.Viewer;

/// <summary>The viewers' keys and what they do, as shown on H (and listed in the README).</summary>
public static class ViewerKeys
{
    /// <summary>The 3D viewer's key and action, one per line.</summary>
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

    /// <summary>The image viewer's (<see cref="ImageViewer"/>) key and action, one per line.</summary>
    public static readonly IReadOnlyList<(string Key, string Action)> ImageHelp =
    [
        ("MOUSE DRAG", "left or right button: pan"),
        ("ARROWS WASD", "pan (SHIFT 4x faster)"),
        ("WHEEL", "zoom about the cursor"),
        ("+ -", "zoom in, out about the center"),
        ("F", "fit the image to the window"),
        ("R", "reset: 1:1 (or fit when larger)"),
        ("N", "next view: value, gradient, laplacian"),
        ("F12", "save a screenshot png"),
        ("H", "show or hide this help"),
        ("ESC", "quit"),
    ];
}
