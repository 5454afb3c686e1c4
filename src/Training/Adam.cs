using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// TorchSharp's Adam with a step that holds every Scalar it passes until the native call has returned; TorchSharp's own
/// step makes temporary ones (see <see cref="Scalars"/>). The moments and the saved state are TorchSharp's, and so is the
/// name, which the saved state records: checkpoints load either way. Plain Adam only (no weight decay, AMSGrad or
/// maximization, which the training never uses).
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
}
