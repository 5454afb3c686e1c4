using System.Globalization;
using System.Text;
using NeuralSdf.Runtime;

namespace NeuralSdf.Training;

/// <summary>
/// A resumable training state of a field of any kind: the field (an ordinary <c>.nsdf</c> file) plus a sidecar
/// <c>MODEL.nsdf.state</c> holding the step count and the Adam moments. Both are written atomically, the sidecar first;
/// on load a sidecar whose step count differs from the model's is ignored (training then resumes with fresh moments).
/// </summary>
/// <param name="Field">The field so far, with <c>training.steps</c> in its metadata.</param>
/// <param name="Step">Optimizer steps taken so far, over all runs.</param>
/// <param name="OptimizerState">The optimizer's serialized state; empty when unknown.</param>
public sealed record TrainingCheckpoint(NeuralField Field, int Step, byte[] OptimizerState)
{
    private const string Magic = "NSDF-TRAINING-STATE";
    private const int Version = 1;

    /// <summary>The field as a shape (for a checkpoint of a shape fit).</summary>
    /// <exception cref="ArgumentException">The field is not an SDF.</exception>
    public SdfModel Model => new(Field);

    /// <summary>The rollbacks recorded in the field's metadata: their halvings of the learning rate carry over on resume.</summary>
    public int Rollbacks =>
        Field.Metadata.TryGetValue("training.rollbacks", out string? text) &&
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int rollbacks) && rollbacks > 0 ? rollbacks : 0;

    /// <summary>The sidecar file next to <paramref name="modelPath"/>.</summary>
    public static string StatePath(string modelPath) => modelPath + ".state";

    /// <summary>Writes the sidecar, then the model, each atomically.</summary>
    public void Save(string modelPath)
    {
        AtomicFile.Write(StatePath(modelPath), stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(Step);
            writer.Write(OptimizerState.Length);
            writer.Write(OptimizerState);
        });
        Field.Save(modelPath);
    }

    /// <summary>
    /// Loads <paramref name="modelPath"/>, which must hold a field of <paramref name="kind"/>, and, when it matches, its sidecar.
    /// Throws <see cref="SdfFormatException"/> for a bad model file; a missing, foreign or stale sidecar only loses the
    /// optimizer moments (<paramref name="warning"/> says why).
    /// </summary>
    public static TrainingCheckpoint Load(string modelPath, out string? warning, FieldKind kind = FieldKind.Sdf)
    {
        NeuralField model = ModelFile.ReadField(modelPath, kind);
        int step = model.Metadata.TryGetValue("training.steps", out string? text) && int.TryParse(text, out int s) && s >= 0 ? s : 0;
        warning = null;
        string statePath = StatePath(modelPath);
        if (!File.Exists(statePath))
        {
            warning = $"{statePath} not found: resuming from the weights with fresh optimizer moments";
            return new TrainingCheckpoint(model, step, []);
        }
        try
        {
            using var reader = new BinaryReader(File.OpenRead(statePath), Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() != Version)
                throw new InvalidDataException("not a NeuralSdf training state");
            int stateStep = reader.ReadInt32();
            byte[] state = reader.ReadBytes(reader.ReadInt32());
            if (stateStep != step)
            {
                warning = $"{statePath} is from step {stateStep:N0} but the model is at step {step:N0}: resuming with fresh optimizer moments";
                return new TrainingCheckpoint(model, step, []);
            }
            return new TrainingCheckpoint(model, step, state);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException or OverflowException)
        {
            warning = $"{statePath}: {e.Message}; resuming with fresh optimizer moments";
            return new TrainingCheckpoint(model, step, []);
        }
    }
}
