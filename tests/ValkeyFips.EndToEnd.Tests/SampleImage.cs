// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using Docker.DotNet;
using Docker.DotNet.Models;
using ValkeyFips.TestSupport;

namespace ValkeyFips.EndToEnd.Tests;

/// <summary>
/// The default sample built once for the whole end-to-end tier from the SDK packed at a test
/// version, tagged <see cref="Reference"/>. Every test class of the tier uses this image.
/// </summary>
[TestClass]
public static class SampleImage
{
    public const string Repository = "valkey-fips-e2e";
    public const string Tag = "test";
    public const string Reference = Repository + ":" + Tag;

    private static PackedSdk? s_sdk;

    public static PackedSdk Sdk => s_sdk ?? throw new InvalidOperationException("the SDK was not packed");

    /// <summary>The sample's copy, built from the packed SDK.</summary>
    public static string Project { get; private set; } = string.Empty;

    /// <summary>The first build's result: a failed build fails every test, with this log.</summary>
    public static BuildResult Build { get; private set; } = new(-1, "not built");

    public static DockerClient Docker { get; private set; } = null!;

    [AssemblyInitialize]
    public static async Task BuildAsync(TestContext context)
    {
        Docker = await DockerRequirement.EnsureAsync();
        s_sdk = await PackedSdk.PackAsync();
        Project = s_sdk.CopySample("valkey-fips");
        Build = await RebuildAsync();
    }

    [AssemblyCleanup]
    public static async Task CleanupAsync()
    {
        if (Docker is not null)
        {
            try
            {
                await Docker.Images.DeleteImageAsync(Reference, new ImageDeleteParameters { Force = true });
            }
            catch (DockerImageNotFoundException)
            {
            }

            Docker.Dispose();
        }

        s_sdk?.Dispose();
    }

    /// <summary>Builds the sample again with the same inputs.</summary>
    public static Task<BuildResult> RebuildAsync() => ProcessHelper.RunAsync(
        "dotnet",
        [
            "build", Project, "-tl:off", "-v:n", "-nologo",
            $"-p:ContainerRepository={Repository}", $"-p:ContainerImageTags={Tag}",
            $"-p:ValkeyFipsSourceFeeds={Path.Combine(TestSupport.Repository.Root, "artifacts", "sources")}",
        ],
        Project,
        new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Sdk.PackagesFolder },
        TimeSpan.FromMinutes(45));

    /// <summary>Fails the calling test, with the build log, when the sample did not build.</summary>
    public static void AssertBuilt() => Assert.IsTrue(Build.Succeeded, Build.ToString());

    public static string Evidence(string name) => Path.Combine(Project, "bin", "Debug", "evidence", name);
}
