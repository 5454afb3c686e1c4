using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// TorchSharp's Adam with a step that holds every Scalar it passes until the native call has returned; TorchSharp's own
/// step makes temporary ones (see <see cref="Scalars"/>). The moments and the saved state are TorchSharp's, and so is the
/// name, which the saved state records: checkpoints load either way. Plain Adam only (no weight decay, AMSGrad or
/// maximization, which the training never uses). Its moments also convert to and from <see cref="Cpu.AdamMoments"/>, the
/// state the fused CPU path saves, so a checkpoint resumes on either backend.
/// </summary>
internal sealed class Adam(IEnumerable<Parameter> parameters, double learningRate) : TorchSharp.Modules.Adam(parameters, learningRate)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value;
        using Scalar beta1Scalar = beta1.ToScalar(), beta2Scalar = beta2.ToScalar(), eps = options.eps!.Value.ToScalar(),
            oneMinusBeta1 = (1 - beta1).ToScalar(), oneMinusBeta2 = (1 - beta2).ToScalar();
        foreach (Parameter parameter in group.Parameters)
        {
            if (parameter.grad is not { } grad) continue;
            var state = (State)_state[parameter.Handle];
            state.step++;
            double correction1 = 1 - Math.Pow(beta1, state.step), correction2 = 1 - Math.Pow(beta2, state.step);
            using Scalar rootCorrection2 = Math.Sqrt(correction2).ToScalar(), stepSize = (-group.LearningRate / correction1).ToScalar();
            state.exp_avg.mul_(beta1Scalar).add_(grad, oneMinusBeta1);
            state.exp_avg_sq.mul_(beta2Scalar).addcmul_(grad, grad, oneMinusBeta2);
            using Tensor denominator = (state.exp_avg_sq.sqrt() / rootCorrection2).add_(eps, Scalars.One);
            parameter.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }, closure);

    /// <summary>The moments and step count as one flat vector in the parameters' order.</summary>
    public Cpu.AdamMoments ExportMoments()
    {
        var states = States().ToList();
        var moments = new Cpu.AdamMoments(states.Sum(s => (int)s.exp_avg.numel()));
        int offset = 0;
        foreach (State state in states)
        {
            int count = (int)state.exp_avg.numel();
            using (Tensor first = state.exp_avg.cpu().contiguous()) first.data<float>().CopyTo(moments.First.Slice(offset, count));
            using (Tensor second = state.exp_avg_sq.cpu().contiguous()) second.data<float>().CopyTo(moments.Second.Slice(offset, count));
            offset += count;
        }
        moments.Step = states.Count > 0 ? states[0].step : 0;
        return moments;
    }

    /// <summary>Takes <paramref name="moments"/> (flat, in the parameters' order) as this optimizer's; false when their size differs.</summary>
    public bool ImportMoments(Cpu.AdamMoments moments)
    {
        var states = States().ToList();
        if (states.Sum(s => s.exp_avg.numel()) != moments.Count) return false;
        int offset = 0;
        using (no_grad())
        {
            foreach (State state in states)
            {
                int count = (int)state.exp_avg.numel();
                using Tensor first = tensor(moments.First.Slice(offset, count).ToArray(), state.exp_avg.shape);
                using Tensor second = tensor(moments.Second.Slice(offset, count).ToArray(), state.exp_avg_sq.shape);
                state.exp_avg.copy_(first);
                state.exp_avg_sq.copy_(second);
                state.step = moments.Step;
                offset += count;
            }
        }
        return true;
    }

    private IEnumerable<State> States() => _parameter_groups.SelectMany(group => group.Parameters).Select(parameter => (State)_state[parameter.Handle]);
}
