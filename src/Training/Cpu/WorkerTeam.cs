namespace NeuralSdf.Training.Cpu;

/// <summary>
/// A fixed set of threads that run one piece of work each on every <see cref="Run"/>: piece 0 on the calling thread,
/// the others on threads started once, so a training step neither allocates nor waits for a pool to grow. Which thread
/// runs which piece never changes, so a step's sums come out the same bytes every time.
/// </summary>
internal sealed class WorkerTeam : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    // A plain monitor rather than CountdownEvent, whose event allocates its lock object the first time it blocks.
    private readonly object _gate = new();
    private int _pending;
    private Action<int>? _work;
    private Exception? _failure;
    private volatile bool _stopping;

    /// <param name="size">Pieces per run: the calling thread and <c>size − 1</c> helpers.</param>
    public WorkerTeam(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        _start = new SemaphoreSlim[size - 1];
        _threads = new Thread[size - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int piece = i + 1;
            _start[i] = new SemaphoreSlim(0);
            _threads[i] = new Thread(() => Serve(piece)) { IsBackground = true, Name = $"NeuralSdf training {piece}" };
            _threads[i].Start();
        }
    }

    public int Size { get; }

    /// <summary>Runs <paramref name="work"/>(0 … Size − 1), one piece per thread, and returns when all are done; a piece's exception is rethrown here.</summary>
    public void Run(Action<int> work)
    {
        _work = work;
        _failure = null;
        Volatile.Write(ref _pending, _threads.Length);
        foreach (SemaphoreSlim start in _start) start.Release();
        try
        {
            work(0);
        }
        finally
        {
            WaitForHelpers();
        }
        if (_failure is { } failure) throw new AggregateException(failure);
    }

    private void Serve(int piece)
    {
        SemaphoreSlim start = _start[piece - 1];
        while (true)
        {
            start.Wait();
            if (_stopping) return;
            try
            {
                _work!(piece);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                lock (_gate) Monitor.PulseAll(_gate);
            }
        }
    }

    // The helpers usually finish within microseconds of the caller: spin a little before blocking.
    private void WaitForHelpers()
    {
        SpinWait spinner = default;
        while (!spinner.NextSpinWillYield)
        {
            if (Volatile.Read(ref _pending) == 0) return;
            spinner.SpinOnce();
        }
        lock (_gate)
        {
            while (Volatile.Read(ref _pending) > 0) Monitor.Wait(_gate);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (SemaphoreSlim start in _start) start.Release();
        foreach (Thread thread in _threads) thread.Join();
        foreach (SemaphoreSlim start in _start) start.Dispose();
    }
}
