using System.Numerics;

namespace NeuralSdf.Runtime.Tests;

/// <summary>
/// A plain double-precision SIREN evaluation written straight from the definition, independent of the
/// evaluator under test: forward pass for the value; for the gradient, central differences of the same or
/// forward-mode differentiation (a different order of work from the evaluator's reverse pass).
/// </summary>
internal static class ReferenceSiren
{
    public static double Distance(SdfModel model, Vector3 world) => Distance(model, new[] { (double)world.X, world.Y, world.Z });

    public static double Distance(SdfModel model, double[] world)
    {
        SdfNormalization n = model.Normalization;
        double[] h = [(world[0] - n.Center.X) * n.Scale, (world[1] - n.Center.Y) * n.Scale, (world[2] - n.Center.Z) * n.Scale];
        IReadOnlyList<DenseLayer> layers = model.Network.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            DenseLayer layer = layers[l];
            double[] z = new double[layer.Outputs];
            for (int o = 0; o < layer.Outputs; o++)
            {
                double sum = layer.Bias[o];
                for (int i = 0; i < layer.Inputs; i++) sum += layer[o, i] * h[i];
                z[o] = l == layers.Count - 1 ? sum : Math.Sin(model.Network.Omega0 * sum);
            }
            h = z;
        }
        return h[0] / n.Scale;
    }

    /// <summary>The gradient by forward-mode differentiation in double: each layer carries ∂h/∂x (3 columns).</summary>
    public static Vector3 AnalyticGradient(SdfModel model, Vector3 world)
    {
        SdfNormalization n = model.Normalization;
        double omega = model.Network.Omega0;
        double[] h = [(world.X - n.Center.X) * n.Scale, (world.Y - n.Center.Y) * n.Scale, (world.Z - n.Center.Z) * n.Scale];
        // ∂x/∂world = s·I; the distance is divided by s at the end, so the s factors cancel.
        double[,] jacobian = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        IReadOnlyList<DenseLayer> layers = model.Network.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            DenseLayer layer = layers[l];
            bool sine = l < layers.Count - 1;
            double[] next = new double[layer.Outputs];
            double[,] nextJacobian = new double[layer.Outputs, 3];
            for (int o = 0; o < layer.Outputs; o++)
            {
                double sum = layer.Bias[o];
                for (int i = 0; i < layer.Inputs; i++) sum += layer[o, i] * h[i];
                double derivative = sine ? omega * Math.Cos(omega * sum) : 1;
                next[o] = sine ? Math.Sin(omega * sum) : sum;
                for (int axis = 0; axis < 3; axis++)
                {
                    double d = 0;
                    for (int i = 0; i < layer.Inputs; i++) d += layer[o, i] * jacobian[i, axis];
                    nextJacobian[o, axis] = derivative * d;
                }
            }
            h = next;
            jacobian = nextJacobian;
        }
        return new Vector3((float)jacobian[0, 0], (float)jacobian[0, 1], (float)jacobian[0, 2]);
    }

    public static Vector3 Gradient(SdfModel model, Vector3 world)
    {
        double step = 1e-4 / model.Normalization.Scale;
        double[] g = new double[3];
        for (int axis = 0; axis < 3; axis++)
        {
            double[] plus = [world.X, world.Y, world.Z], minus = [world.X, world.Y, world.Z];
            plus[axis] += step;
            minus[axis] -= step;
            g[axis] = (Distance(model, plus) - Distance(model, minus)) / (2 * step);
        }
        return new Vector3((float)g[0], (float)g[1], (float)g[2]);
    }
}
