using System.Numerics;
using System.Runtime.InteropServices;
using NeuralSdf.Runtime;

namespace NeuralSdf.Training.Cpu;

/// <summary>
/// A shape fit on the fused CPU path: the batch from <see cref="SurfaceSampler"/>, the loss and gradient from
/// <see cref="FusedSirenGradient"/> with <see cref="SdfPointLoss"/>, and <see cref="AdamMoments"/>; flat arrays throughout,
/// allocated once.
/// </summary>
internal sealed class FusedSdfBackend : ITrainingBackend<LossTerms>
{
    private readonly SirenNetwork _shape;
    private readonly SurfaceSampler _sampler;
    private readonly SdfBatch _batch;
    private readonly SdfPointLoss _loss;
    private readonly FusedSirenGradient _gradient;
    private readonly float[] _parameters, _gradients, _savedParameters;
    private readonly double[] _terms;
    private readonly AdamMoments _moments, _savedMoments;

    /// <param name="network">The initial weights (and the architecture).</param>
    /// <param name="sampler">Draws each step's points.</param>
    /// <param name="batchSize">Surface points per step (as many space points again).</param>
    /// <param name="threads">Threads per step.</param>
    /// <param name="optimizerState">Saved moments to continue from (<see cref="AdamMoments.Save"/>); anything else starts fresh ones.</param>
    public FusedSdfBackend(SirenNetwork network, SurfaceSampler sampler, int batchSize, int threads, byte[] optimizerState)
    {
        _shape = network;
        _sampler = sampler;
        _batch = sampler.CreateBatch(batchSize);
        _loss = new SdfPointLoss(_batch);
        _gradient = new FusedSirenGradient(network, _loss.TermCount, threads);
        _parameters = FusedSirenGradient.Flatten(network);
        _gradients = new float[_parameters.Length];
        _savedParameters = new float[_parameters.Length];
        _terms = new double[_loss.TermCount];
        _moments = AdamMoments.TryLoad(optimizerState, _parameters.Length) ?? new AdamMoments(_parameters.Length);
        _savedMoments = new AdamMoments(_parameters.Length);
    }

    /// <summary>What the metadata's <c>training.backend</c> says: the path and its vector width.</summary>
    public string Description => "fused-cpu, " + _gradient.Path switch
    {
        Runtime.Cpu.SimdPath.Vector512 => "512-bit vectors",
        Runtime.Cpu.SimdPath.Vector256 => "256-bit vectors",
        Runtime.Cpu.SimdPath.Vector128 => "128-bit vectors",
        _ => "scalar",
    };

    /// <summary>The current weights.</summary>
    public SirenNetwork Network => FusedSirenGradient.ToNetwork(_shape, _parameters);

    public LossTerms ComputeGradients()
    {
        _sampler.Sample(_batch);
        _loss.Prepare();
        _gradient.Compute(_parameters, MemoryMarshal.Cast<Vector3, float>(_batch.Points.AsSpan()), _batch.Points.Length, _loss, _gradients, _terms);
        return _loss.Finish(_terms);
    }

    public void Step(double learningRate, double gradientClip) => _moments.Apply(_parameters, _gradients, learningRate, gradientClip);

    public void SaveRollbackPoint()
    {
        _parameters.CopyTo(_savedParameters, 0);
        _moments.CopyTo(_savedMoments);
    }

    public void RollBack()
    {
        _savedParameters.CopyTo(_parameters, 0);
        _savedMoments.CopyTo(_moments);
    }

    public byte[] SaveOptimizerState() => _moments.Save();

    public void Dispose() => _gradient.Dispose();
}
