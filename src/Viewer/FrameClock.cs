namespace NeuralSdf.Viewer;

/// <summary>
/// A viewer's main-loop clock: handles the window events of each frame (waiting a little for one while nothing is
/// drawn, so an idle viewer sleeps), gives the frame's time and the seconds since the last one, and says when watched
/// files are due a poll.
/// </summary>
internal sealed class FrameClock
{
    private const double PollSeconds = 0.25;
    private double _previous, _lastPoll;

    /// <summary>Starts the clock now; the first poll is due a poll interval from now.</summary>
    public FrameClock() => _previous = _lastPoll = GlfwWindow.Time;

    /// <summary>The time of this frame, in GLFW seconds.</summary>
    public double Now { get; private set; }

    /// <summary>The seconds since the last frame, at most one.</summary>
    public float Seconds { get; private set; }

    /// <summary>Handles pending events, waiting up to half a poll interval for one unless <paramref name="busy"/>, and starts the next frame.</summary>
    public void NextFrame(bool busy)
    {
        GlfwWindow.ProcessEvents(busy ? 0 : PollSeconds / 2);
        Now = GlfwWindow.Time;
        // Movement follows the time the keys were held, however slow the frames; a stall longer than a second is cut short.
        Seconds = (float)Math.Min(Now - _previous, 1.0);
        _previous = Now;
    }

    /// <summary>Whether a poll interval has passed since the last poll; when it has, this frame's poll is the last one.</summary>
    public bool PollDue()
    {
        if (Now - _lastPoll < PollSeconds) return false;
        _lastPoll = Now;
        return true;
    }
}
