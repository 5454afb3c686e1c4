namespace NeuralSdf.Training;

/// <summary>
/// Draws indices in proportion to fixed weights in constant time (Walker's alias method, in Vose's construction): each
/// of the n slots keeps its own index with some probability and hands the rest to one other index. One uniform number
/// picks the slot and decides between the two, so a draw costs one table read where a search of cumulative weights
/// costs log₂ n scattered ones (1.4 ms of a training step's 2 ms on a 70,000-triangle mesh).
/// </summary>
internal sealed class AliasTable
{
    private readonly double[] _keep;
    private readonly int[] _alias;

    /// <param name="weights">Non-negative weights with a positive sum.</param>
    public AliasTable(IReadOnlyList<double> weights)
    {
        int n = weights.Count;
        double sum = 0;
        foreach (double w in weights) sum += w;
        if (n == 0 || !(sum > 0) || !double.IsFinite(sum)) throw new ArgumentException("weights must have a positive, finite sum", nameof(weights));
        _keep = new double[n];
        _alias = new int[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        double[] scaled = new double[n];
        for (int i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / sum;
            (scaled[i] < 1 ? small : large).Push(i);
        }
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop(), l = large.Peek();
            _keep[s] = scaled[s];
            _alias[s] = l;
            scaled[l] -= 1 - scaled[s];
            if (scaled[l] < 1)
            {
                large.Pop();
                small.Push(l);
            }
        }
        // What is left holds (up to rounding) exactly its own share; a weightless index left over by rounding hands its slot on.
        int heaviest = 0;
        for (int i = 1; i < n; i++)
        {
            if (weights[i] > weights[heaviest]) heaviest = i;
        }
        foreach (int i in large.Concat(small))
        {
            _keep[i] = weights[i] > 0 ? 1 : 0;
            _alias[i] = weights[i] > 0 ? i : heaviest;
        }
    }

    public int Count => _keep.Length;

    /// <summary>An index, with probability proportional to its weight.</summary>
    public int Sample(Random random)
    {
        double u = random.NextDouble() * _keep.Length;
        int slot = Math.Min((int)u, _keep.Length - 1);
        return u - slot < _keep[slot] ? slot : _alias[slot];
    }
}
