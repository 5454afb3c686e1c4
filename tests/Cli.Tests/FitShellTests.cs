using NeuralSdf.Runtime;

namespace NeuralSdf.Cli.Tests;

/// <summary><c>fit</c> on open and single-sided meshes: what it says about them and what <c>--shell</c> makes it fit.</summary>
public class FitShellTests : IDisposable
{
    private static readonly string[] Tiny = ["--steps", "3", "--layers", "1", "--hidden", "8", "--batch", "64", "--device", "cpu", "--no-report"];
    private readonly string _folder = Directory.CreateTempSubdirectory("nsdf-cli-shell-").FullName;

    public FitShellTests() =>
        File.WriteAllText(Path.Combine(_folder, "quad.obj"), "v -1 0 -1\nv 1 0 -1\nv 1 0 1\nv -1 0 1\nf 1 2 3\nf 1 3 4\n");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private CliProcess.Result Run(params string[] arguments) => CliProcess.Run(_folder, arguments);

    [Fact]
    public void ASingleQuadIsReportedOpenAndFittedAsAShell()
    {
        CliProcess.Result fit = Run(["fit", "quad.obj", "-o", "quad.nsdf", .. Tiny]);
        Assert.True(fit.ExitCode == 0, fit.StandardError);
        Assert.Contains("quad.obj: open mesh: 4 boundary edges in 1 hole (the largest 100% of the diagonal), 0 non-manifold", fit.StandardOutput);
        // The default thickness is 0.8 % of the diagonal, 2√2.
        Assert.Contains("fitting a shell 0.023 thick around the surface", fit.StandardOutput);
        Assert.StartsWith("0.0226", SdfModel.Load(Path.Combine(_folder, "quad.nsdf")).Field.Metadata["training.shell_thickness"]);
        Assert.Contains("SIREN (ω₀ 90)", fit.StandardOutput); // a shell's defaults, unless --omega, --lr and --batch are given
        Assert.Contains("64+64 points/step, lr 0.0003,", fit.StandardOutput);
        CliProcess.Result batch = Run(["fit", "quad.obj", "-o", "batch.nsdf", "--steps", "1", "--layers", "1", "--hidden", "8", "--device", "cpu", "--no-report"]);
        Assert.True(batch.ExitCode == 0, batch.StandardError);
        Assert.Contains("4,096+4,096 points/step", batch.StandardOutput);

        CliProcess.Result given = Run(["fit", "quad.obj", "-o", "given.nsdf", "--omega", "20", "--lr", "0.002", .. Tiny]);
        Assert.True(given.ExitCode == 0, given.StandardError);
        Assert.Contains("SIREN (ω₀ 20)", given.StandardOutput);
        Assert.Contains("lr 0.002,", given.StandardOutput);
    }

    [Fact]
    public void ShellOffFitsTheSolidAndAThicknessIsTaken()
    {
        CliProcess.Result off = Run(["fit", "quad.obj", "-o", "off.nsdf", "--shell", "off", .. Tiny]);
        Assert.True(off.ExitCode == 0, off.StandardError);
        Assert.DoesNotContain("shell", off.StandardOutput);
        Assert.Contains("SIREN (ω₀ 30)", off.StandardOutput);
        Assert.Contains("64+64 points/step, lr 0.0005,", off.StandardOutput);
        Assert.False(SdfModel.Load(Path.Combine(_folder, "off.nsdf")).Field.Metadata.ContainsKey("training.shell_thickness"));

        CliProcess.Result given = Run(["fit", "quad.obj", "-o", "given.nsdf", "--shell", "0.05", .. Tiny]);
        Assert.True(given.ExitCode == 0, given.StandardError);
        Assert.Contains("fitting a shell 0.05 thick around the surface (--shell)", given.StandardOutput);
    }

    [Fact]
    public void TheSirenRecipeFitsNoShellUnlessToldAndThenSaysWhyNot()
    {
        CliProcess.Result auto = Run(["fit", "quad.obj", "-o", "siren.nsdf", "--recipe", "siren", .. Tiny]);
        Assert.True(auto.ExitCode == 0, auto.StandardError);
        Assert.DoesNotContain("shell", auto.StandardOutput);

        CliProcess.Result forced = Run(["fit", "quad.obj", "-o", "forced.nsdf", "--recipe", "siren", "--shell", "0.05", .. Tiny]);
        Assert.Equal(2, forced.ExitCode);
        Assert.Contains("a shell is fitted around a mesh with the supervised recipe; quad.obj is fitted with the SIREN recipe", forced.StandardError);
    }

    [Fact]
    public void AShellThatIsNotANumberIsAUsageError()
    {
        CliProcess.Result fit = Run(["fit", "quad.obj", "-o", "bad.nsdf", "--shell", "thick", .. Tiny]);
        Assert.Equal(2, fit.ExitCode);
        Assert.Contains("--shell 'thick' is not auto, off or a positive thickness", fit.StandardError);
        Assert.False(File.Exists(Path.Combine(_folder, "bad.nsdf")));
    }
}
