using System.Numerics;

namespace NeuralSdf.Viewer;

/// <summary>
/// What the user did since the last frame: keys held now, keys pressed (for toggles), mouse movement while looking,
/// and scrolling. Filled by the window's callbacks, read and cleared once per frame.
/// </summary>
internal sealed class InputState
{
    private readonly bool[] _held = new bool[Glfw.KeyLast + 1];
    private readonly Queue<int> _pressed = new();
    private Vector2? _cursor;
    private Vector2 _lookDelta;
    private Vector2 _dragDelta;

    /// <summary>Whether the right mouse button is down (mouse look while held).</summary>
    public bool RightButtonHeld { get; private set; }

    /// <summary>Whether the left mouse button is down.</summary>
    public bool LeftButtonHeld { get; private set; }

    /// <summary>The cursor's last position in window coordinates (x right, y down), null before it first moved.</summary>
    public Vector2? Cursor => _cursor;

    /// <summary>Whether Tab captured the mouse: it then looks around without a button.</summary>
    public bool MouseCaptured { get; set; }

    /// <summary>Scroll-wheel clicks since the last frame (up is positive).</summary>
    public double Scroll { get; private set; }

    public bool IsHeld(int key) => key >= 0 && key < _held.Length && _held[key];

    public bool ShiftHeld => IsHeld(Glfw.KeyLeftShift) || IsHeld(Glfw.KeyRightShift);

    /// <summary>Whether any key that moves the camera is down.</summary>
    public bool AnyMovementKeyHeld => "WASDQE".Any(c => IsHeld(c));

    public void OnKey(int key, int action)
    {
        if (key < 0 || key >= _held.Length) return;
        if (action == Glfw.Press) _pressed.Enqueue(key);
        if (action != Glfw.Repeat) _held[key] = action == Glfw.Press;
    }

    public void OnMouseButton(int button, int action)
    {
        if (button == Glfw.MouseButtonRight) RightButtonHeld = action != Glfw.Release;
        if (button == Glfw.MouseButtonLeft) LeftButtonHeld = action != Glfw.Release;
    }

    public void OnCursor(double x, double y)
    {
        var position = new Vector2((float)x, (float)y);
        if (_cursor is { } previous && (RightButtonHeld || MouseCaptured)) _lookDelta += position - previous;
        if (_cursor is { } start && (LeftButtonHeld || RightButtonHeld)) _dragDelta += position - start;
        _cursor = position;
    }

    public void OnScroll(double y) => Scroll += y;

    /// <summary>The next key pressed since the last frame, in order; false when none is left.</summary>
    public bool TryTakePressed(out int key) => _pressed.TryDequeue(out key);

    /// <summary>The cursor movement in pixels while looking since the last call (x right, y down), then zero.</summary>
    public Vector2 TakeLookDelta()
    {
        Vector2 delta = _lookDelta;
        _lookDelta = Vector2.Zero;
        return delta;
    }

    /// <summary>The cursor movement in pixels while the left or right button was held since the last call (x right, y down), then zero.</summary>
    public Vector2 TakeDragDelta()
    {
        Vector2 delta = _dragDelta;
        _dragDelta = Vector2.Zero;
        return delta;
    }

    public double TakeScroll()
    {
        double scroll = Scroll;
        Scroll = 0;
        return scroll;
    }

    /// <summary>Forgets held keys and buttons (their release may not reach the window, e.g. across a capture change).</summary>
    public void ReleaseAll()
    {
        Array.Clear(_held);
        RightButtonHeld = LeftButtonHeld = false;
    }
}
