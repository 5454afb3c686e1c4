namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// Evaluates a large batch on the calling thread and one thread-pool thread. Both take chunks from a shared
/// counter, so the caller never waits for a helper that has not started (it simply does all the chunks) and
/// a busy pool cannot deadlock a call. The work items are pooled and reused: a call allocates nothing.
/// A work item goes back to the pool only when both the caller and the helper are done with it, so a helper
/// that starts late finds no chunk left and touches nothing of a finished call. The pool is filled once; when
/// every item is out (many concurrent calls, or helpers the pool has not started yet), a call runs on the
/// calling thread alone rather than allocate.
/// </summary>
internal sealed unsafe class BatchSplit : IThreadPoolWorkItem
{
    private static readonly Stack<BatchSplit> Pool = new(Enumerable.Range(0, 2 * Environment.ProcessorCount + 2).Select(_ => new BatchSplit()));
    private static readonly Lock PoolLock = new();

    // A plain monitor rather than ManualResetEventSlim, which allocates its lock object the first time it blocks.
    private readonly object _gate = new();
    private bool _finished;
    private ISirenKernel? _kernel;
    private float* _inputs;
    private float* _values;
    private float* _jacobians;
    private int _count, _chunkSize, _chunkCount;
    private int _nextChunk, _doneChunks, _users;

    /// <summary>
    /// Runs <paramref name="count"/> points in chunks of <paramref name="chunkSize"/> on two threads; Jacobians
    /// only when <paramref name="jacobians"/> is not null. The pointers must stay valid until this returns.
    /// </summary>
    public static void Run(ISirenKernel kernel, float* inputs, float* values, float* jacobians, int count, int chunkSize)
    {
        BatchSplit? work = Rent();
        if (work is null)
        {
            kernel.Evaluate(inputs, values, jacobians, count);
            return;
        }
        work._kernel = kernel;
        work._inputs = inputs;
        work._values = values;
        work._jacobians = jacobians;
        work._count = count;
        work._chunkSize = chunkSize;
        work._chunkCount = (count + chunkSize - 1) / chunkSize;
        work._nextChunk = 0;
        work._doneChunks = 0;
        work._users = 2;
        work._finished = false;
        ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: false);

        if (!work.RunChunks()) work.WaitUntilFinished();
        work.Release();
    }

    void IThreadPoolWorkItem.Execute()
    {
        if (RunChunks())
        {
            lock (_gate)
            {
                _finished = true;
                Monitor.PulseAll(_gate);
            }
        }
        Release();
    }

    // The helper usually finishes within microseconds of the caller: spin a little before blocking.
    private void WaitUntilFinished()
    {
        SpinWait spinner = default;
        while (!spinner.NextSpinWillYield)
        {
            if (Volatile.Read(ref _finished)) return;
            spinner.SpinOnce();
        }
        lock (_gate)
        {
            while (!_finished) Monitor.Wait(_gate);
        }
    }

    /// <summary>Evaluates chunks until none is left; true when this thread finished the last one.</summary>
    private bool RunChunks()
    {
        bool finishedLast = false;
        int chunk;
        while ((chunk = Interlocked.Increment(ref _nextChunk) - 1) < _chunkCount)
        {
            int start = chunk * _chunkSize, length = Math.Min(_chunkSize, _count - start);
            int n = _kernel!.InputCount, m = _kernel.OutputCount;
            _kernel.Evaluate(_inputs + start * n, _values + start * m, _jacobians == null ? null : _jacobians + start * m * n, length);
            finishedLast = Interlocked.Increment(ref _doneChunks) == _chunkCount;
        }
        return finishedLast;
    }

    private static BatchSplit? Rent()
    {
        lock (PoolLock)
            return Pool.TryPop(out BatchSplit? work) ? work : null;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _users) != 0) return;
        _kernel = null;
        lock (PoolLock) Pool.Push(this);
    }
}
