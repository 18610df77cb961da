// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.TestSupport;

namespace ValkeyFips.EndToEnd.Tests;

/// <summary>
/// The SDK packed at a version of its own into a private feed, with a private NuGet package
/// folder, so that the samples consume exactly the code under test the way another team would.
/// </summary>
public sealed class PackedSdk : IDisposable
{
    private PackedSdk(string root, string version)
    {
        Root = root;
        Version = version;
    }

    public string Root { get; }

    public string Version { get; }

    public string Feed => Path.Combine(Root, "feed");

    public string PackagesFolder => Path.Combine(Root, "packages");

    public static async Task<PackedSdk> PackAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "vf-e2e-" + Guid.NewGuid().ToString("N")[..10]);
        var version = $"0.0.1-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var sdk = new PackedSdk(root, version);
        var result = await ProcessHelper.RunAsync(
            "dotnet",
            ["pack", Path.Combine(Repository.Root, "sdk", "ValkeyFips.Sdk.csproj"), "-c", "Release", "-o", sdk.Feed,
             $"-p:ValkeyFipsSdkVersion={version}", "-p:GeneratePackageOnBuild=false", "-nologo"],
            Repository.Root);
        Assert.IsTrue(result.Succeeded, result.ToString());
        return sdk;
    }

    /// <summary>Copies a sample into a folder of its own that resolves the SDK from the private feed.</summary>
    public string CopySample(string name)
    {
        var target = Path.Combine(Root, "samples", name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "samples", name)))
        {
            if (!Path.GetFileName(file).EndsWith(".lock.json", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        File.WriteAllText(Path.Combine(Root, "samples", "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "global.json"), $$"""
            { "msbuild-sdks": { "ValkeyFips.Sdk": "{{Version}}" } }
            """);
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{PackagesFolder}" /></config>
              <packageSources>
                <clear />
                <add key="under-test" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
