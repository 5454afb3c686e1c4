using NeuralSdf.Runtime.Shaders;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit.Abstractions;

namespace NeuralSdf.Runtime.Tests.Packaging;

/// <summary>
/// <c>dotnet pack src/Runtime</c> gives a package an engine project can consume: README, XML docs, the shaders
/// embedded, and a console project that references only the package loads a model and gets the same distance.
/// </summary>
[Trait("Category", "Package")]
public sealed class RuntimePackageTests(ITestOutputHelper output)
{
    private static readonly Vector3 Query = new(0.3f, 0.1f, -0.2f);

    [SkippableFact]
    public void PackedRuntimeCarriesReadmeDocsAndShadersAndAConsumerGetsTheSameDistance()
    {
        string dotnet = Requirements.Tool("dotnet", "dotnet-sdk-10.0");
        string folder = Directory.CreateTempSubdirectory("nsdf-package-").FullName;
        try
        {
            string feed = Path.Combine(folder, "feed");
            Run(dotnet, folder, "pack", RepositoryFiles.Path("src", "Runtime", "Runtime.csproj"), "-c", "Release", "-o", feed);
            string package = Directory.GetFiles(feed, "NeuralSdf.Runtime.*.nupkg").Single();

            using (ZipArchive zip = ZipFile.OpenRead(package))
            {
                string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
                Assert.Contains("README.md", entries);
                Assert.Contains("lib/net10.0/NeuralSdf.Runtime.dll", entries);
                Assert.Contains("lib/net10.0/NeuralSdf.Runtime.xml", entries);
                string readme = Read(zip, "README.md");
                Assert.StartsWith("# NeuralSdf.Runtime", readme);
                string nuspec = Read(zip, zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).FullName);
                Assert.Contains("<readme>README.md</readme>", nuspec);
                Assert.Contains("id=\"Silk.NET.OpenGL\"", nuspec);
                Assert.DoesNotContain("TorchSharp", nuspec);
                Assert.Contains("<member name=\"M:NeuralSdf.Runtime.SdfRenderer.Draw(", Read(zip, "lib/net10.0/NeuralSdf.Runtime.xml"));
                Assert.Equal(
                    ["NeuralSdf.Shaders.evaluate.comp.glsl", "NeuralSdf.Shaders.fullscreen.vert.glsl", "NeuralSdf.Shaders.image_field.frag.glsl", "NeuralSdf.Shaders.sphere_trace.frag.glsl"],
                    ResourceNames(zip.GetEntry("lib/net10.0/NeuralSdf.Runtime.dll")!).Order());
            }

            // A consumer outside the repository (no Directory.Build.props, no central versions), with its own package
            // folder so a stale copy of the package can never be picked up; other packages come from the usual cache.
            string consumer = Path.Combine(folder, "consumer");
            Directory.CreateDirectory(consumer);
            string version = Path.GetFileNameWithoutExtension(package)["NeuralSdf.Runtime.".Length..];
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="NeuralSdf.Runtime" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            string userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(consumer, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config>
                    <add key="globalPackagesFolder" value="{Path.Combine(folder, "packages")}" />
                  </config>
                  <fallbackPackageFolders>
                    <add key="user cache" value="{userPackages}" />
                  </fallbackPackageFolders>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
                using System.Globalization;
                using System.Numerics;
                using NeuralSdf.Runtime;
                using NeuralSdf.Runtime.Shaders;

                SdfModel model = SdfModel.Load(args[0]);
                var point = new Vector3(float.Parse(args[1], CultureInfo.InvariantCulture), float.Parse(args[2], CultureInfo.InvariantCulture), float.Parse(args[3], CultureInfo.InvariantCulture));
                Console.WriteLine(model.Distance(point).ToString("R", CultureInfo.InvariantCulture));
                Console.WriteLine(HlslBaker.Bake(model).Contains("nsdf_distance") && GlslBaker.Bake(model, GlslWeightStorage.TextureBuffer).Source.Contains("nsdf_gradient"));
                """);
            string model = Path.Combine(AppContext.BaseDirectory, "torus.nsdf");
            string printed = Run(dotnet, consumer, "run", "-c", "Release", "--", model,
                Query.X.ToString("R", CultureInfo.InvariantCulture), Query.Y.ToString("R", CultureInfo.InvariantCulture), Query.Z.ToString("R", CultureInfo.InvariantCulture));
            string[] lines = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            float expected = SdfModel.Load(model).Distance(Query);
            Assert.True(lines.Length >= 2 && lines[^2] == expected.ToString("R", CultureInfo.InvariantCulture) && lines[^1] == "True",
                $"the consumer printed:\n{printed}\nexpected the distance {expected:R} and True");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string Run(string dotnet, string directory, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(dotnet) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string printed = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        output.WriteLine($"dotnet {string.Join(' ', arguments)} -> {process.ExitCode}");
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{printed}\n{error.Result}");
        return printed;
    }

    private static string Read(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    private static List<string> ResourceNames(ZipArchiveEntry assembly)
    {
        using var bytes = new MemoryStream();
        using (Stream stream = assembly.Open()) stream.CopyTo(bytes);
        bytes.Position = 0;
        using var pe = new PEReader(bytes);
        MetadataReader metadata = pe.GetMetadataReader();
        return metadata.ManifestResources.Select(h => metadata.GetString(metadata.GetManifestResource(h).Name)).ToList();
    }
}
