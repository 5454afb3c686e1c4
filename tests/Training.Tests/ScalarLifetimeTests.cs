using System.Reflection;
using System.Reflection.Emit;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Tests;

/// <summary>
/// TorchSharp 0.107 frees a temporary <see cref="Scalar"/> in its finalizer, and the GC may run that finalizer while the
/// native call that uses it is still running (when another thread's allocation triggers a collection). The training code
/// therefore never lets TorchSharp make a temporary Scalar: see <see cref="Scalars"/>. These tests read the IL of every
/// method in NeuralSdf.Training, and of the TorchSharp methods it calls, and list the calls that would.
/// (A stress test cannot stand in: under allocation pressure the race needs about a second of such native calls.)
/// </summary>
public sealed class ScalarLifetimeTests
{
    [Fact]
    public void TrainingCodeMakesNoTemporaryScalars()
    {
        var offenders = new List<string>();
        foreach (Type type in typeof(SirenModule).Assembly.GetTypes())
        {
            foreach (MethodBase method in type.GetMethods(AllDeclared).Cast<MethodBase>().Concat(type.GetConstructors(AllDeclared)))
            {
                foreach (MethodBase called in CalledMethods(method))
                    if (MakesTemporaryScalar(called)) offenders.Add($"{type.FullName}.{method.Name} calls {called.DeclaringType?.Name}.{called}");
            }
        }
        Assert.True(offenders.Count == 0, string.Join("\n", offenders.Distinct()));
    }

    [Fact]
    public void TheScanFindsAnImplicitScalar()
    {
        MethodBase sample = typeof(ScalarLifetimeTests).GetMethod(nameof(ImplicitScalarSample), AllDeclared)!;
        Assert.Contains(CalledMethods(sample), MakesTemporaryScalar);
        MethodBase safe = typeof(ScalarLifetimeTests).GetMethod(nameof(ExplicitScalarSample), AllDeclared)!;
        Assert.DoesNotContain(CalledMethods(safe), MakesTemporaryScalar);
    }

    private const BindingFlags AllDeclared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static Tensor ImplicitScalarSample(Tensor t) => t * 2.0;

    private static readonly Scalar Two = 2.0.ToScalar();

    private static Tensor ExplicitScalarSample(Tensor t) => t * Two;

    /// <summary>
    /// Calls that make a Scalar that nothing keeps alive: an implicit conversion in our code, or a TorchSharp method that
    /// converts a number inside (an operator with a number operand, <c>a + b</c> with its alpha = 1, a norm's order).
    /// Explicit <c>ToScalar</c> in our code is allowed: the code holds what it makes.
    /// </summary>
    private static bool MakesTemporaryScalar(MethodBase called) => IsImplicitScalar(called) || ConvertsInside(called, depth: 3);

    private static bool IsImplicitScalar(MethodBase method) => method.DeclaringType == typeof(Scalar) && method.Name == "op_Implicit";

    private static bool IsScalarConversion(MethodBase method) =>
        IsImplicitScalar(method) || method.DeclaringType == typeof(ScalarExtensionMethods) && method.Name == "ToScalar";

    private static readonly Dictionary<MethodBase, bool> ConvertsInsideCache = new();

    private static bool ConvertsInside(MethodBase method, int depth)
    {
        if (method.Module.Assembly != typeof(Scalar).Assembly || depth == 0) return false;
        if (ConvertsInsideCache.TryGetValue(method, out bool known)) return known;
        ConvertsInsideCache[method] = false;
        bool converts = CalledMethods(method).Any(c => IsScalarConversion(c) || ConvertsInside(c, depth - 1));
        ConvertsInsideCache[method] = converts;
        return converts;
    }

    private static bool IsNumber(Type type) => type == typeof(int) || type == typeof(long) || type == typeof(float) || type == typeof(double);

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The methods that <paramref name="method"/>'s IL calls, decoded instruction by instruction.</summary>
    private static IEnumerable<MethodBase> CalledMethods(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        int offset = 0;
        while (offset < il.Length)
        {
            short value = il[offset] == 0xFE ? (short)(0xFE00 | il[offset + 1]) : il[offset];
            OpCode opCode = OpCodesByValue[value];
            offset += opCode.Size;
            if (opCode.OperandType == OperandType.InlineMethod)
            {
                int token = BitConverter.ToInt32(il, offset);
                MethodBase? called = null;
                try
                {
                    called = method.Module.ResolveMethod(token, method.DeclaringType?.GetGenericArguments(),
                        method.IsGenericMethod ? method.GetGenericArguments() : null);
                }
                catch (ArgumentException)
                {
                }
                if (called is not null) yield return called;
            }
            offset += OperandSize(opCode, il, offset);
        }
    }

    private static int OperandSize(OpCode opCode, byte[] il, int offset) => opCode.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, offset),
        _ => 4,
    };
}
