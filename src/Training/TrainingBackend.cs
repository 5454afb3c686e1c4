using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// What <see cref="TrainingLoop"/> trains: a network with its loss and its optimizer, on TorchSharp
/// (<see cref="TorchTrainingBackend{TLoss}"/>) or on the fused CPU path (<see cref="Cpu.FusedSdfBackend"/>).
/// </summary>
internal interface ITrainingBackend<TLoss> : IDisposable where TLoss : struct, ILossTerms
{
    /// <summary>Draws a fresh batch and returns its loss terms, with the gradient of their total ready for <see cref="Step"/>.</summary>
    TLoss ComputeGradients();

    /// <summary>Scales the gradient down to a norm of <paramref name="gradientClip"/> when longer, and takes an Adam step.</summary>
    void Step(double learningRate, double gradientClip);

    /// <summary>Copies the weights and the optimizer's moments as the point <see cref="RollBack"/> returns to.</summary>
    void SaveRollbackPoint();

    /// <summary>Restores the last rollback point.</summary>
    void RollBack();

    /// <summary>The optimizer's state, for a checkpoint.</summary>
    byte[] SaveOptimizerState();
}

/// <summary>What differs per field kind on TorchSharp: how a step's points are drawn and what is minimized on them.</summary>
internal interface IFieldObjective<TLoss> where TLoss : struct, ILossTerms
{
    /// <summary>The loss of one step over a fresh batch: the tensor to differentiate and its terms as numbers.</summary>
    (Tensor Total, TLoss Terms) Loss(FieldModule network, Device device);
}

/// <summary>Training on TorchSharp: any <see cref="FieldModule"/> and loss, on the CPU or CUDA.</summary>
internal sealed class TorchTrainingBackend<TLoss> : ITrainingBackend<TLoss> where TLoss : struct, ILossTerms
{
    private readonly FieldModule _network;
    private readonly IFieldObjective<TLoss> _objective;
    private readonly Device _device;
    private readonly List<Parameter> _parameters;
    private readonly Adam _optimizer;
    private List<Tensor> _snapshot = [];
    private byte[] _optimizerSnapshot = [];

    /// <param name="network">The network, already on <paramref name="device"/>.</param>
    /// <param name="objective">The loss of a step.</param>
    /// <param name="device">Where the network lives.</param>
    /// <param name="learningRate">Adam's initial learning rate (the loop sets each step's).</param>
    /// <param name="optimizerState">Saved moments to continue from (<see cref="Cpu.AdamMoments"/>, or TorchSharp's own state from earlier versions); empty for fresh ones.</param>
    public TorchTrainingBackend(FieldModule network, IFieldObjective<TLoss> objective, Device device, double learningRate, byte[] optimizerState)
    {
        _network = network;
        _objective = objective;
        _device = device;
        _parameters = network.parameters().ToList();
        _optimizer = new Adam(_parameters, learningRate);
        if (optimizerState.Length == 0) return;
        if (Cpu.AdamMoments.TryLoad(optimizerState, (int)_parameters.Sum(p => p.numel())) is { } moments) _optimizer.ImportMoments(moments);
        else if (!Cpu.AdamMoments.IsOurs(optimizerState)) OptimizerState.Load(_optimizer, optimizerState);
    }

    public TLoss ComputeGradients()
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        (Tensor total, TLoss terms) = _objective.Loss(_network, _device);
        if (double.IsFinite(terms.Total)) total.backward();
        return terms;
    }

    public void Step(double learningRate, double gradientClip)
    {
        using var scope = NewDisposeScope();
        foreach (ParamGroup group in _optimizer.ParamGroups) group.LearningRate = learningRate;
        nn.utils.clip_grad_norm_(_parameters, gradientClip);
        _optimizer.step();
    }

    public void SaveRollbackPoint()
    {
        DisposeSnapshot();
        _snapshot = _parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToList();
        _optimizerSnapshot = OptimizerState.Save(_optimizer);
    }

    public void RollBack()
    {
        using (no_grad())
        {
            for (int i = 0; i < _parameters.Count; i++) _parameters[i].copy_(_snapshot[i]);
        }
        OptimizerState.Load(_optimizer, _optimizerSnapshot);
    }

    public byte[] SaveOptimizerState() => _optimizer.ExportMoments().Save();

    public void Dispose()
    {
        DisposeSnapshot();
        _optimizer.Dispose();
    }

    private void DisposeSnapshot()
    {
        foreach (Tensor t in _snapshot) t.Dispose();
        _snapshot = [];
    }
}

/// <summary>Serializes a TorchSharp optimizer's state (moments, step counts, options) to bytes and back.</summary>
internal static class OptimizerState
{
    public static byte[] Save(OptimizerHelper optimizer)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
            optimizer.save_state_dict(writer);
        return memory.ToArray();
    }

    public static void Load(OptimizerHelper optimizer, byte[] state)
    {
        using var reader = new BinaryReader(new MemoryStream(state));
        optimizer.load_state_dict(reader);
    }
}
