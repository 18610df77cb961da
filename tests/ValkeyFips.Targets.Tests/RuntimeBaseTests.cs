// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.TestSupport;

namespace ValkeyFips.Targets.Tests;

[TestClass]
public sealed class RuntimeBaseTests
{
    [TestMethod]
    [Timeout(40 * 60 * 1000, CooperativeCancellation = true)]
    public async Task RuntimePackageThatBringsTheSystemOpenSslIsRefusedBeforeAnImageExists()
    {
        using var docker = await DockerRequirement.EnsureAsync();
        using var project = new SdkProject();
        var repository = "valkeyfips-test/system-openssl-" + Guid.NewGuid().ToString("N")[..8];

        // OpenSSL and Valkey come from the user's cache, shared with the other tiers.
        var cache = Environment.GetEnvironmentVariable("VALKEYFIPS_CACHE") is { Length: > 0 } shared
            ? shared
            : Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".cache", "valkeyfips");
        project.SetProperty("ValkeyFipsCacheDirectory", cache);
        project.SetProperty("ValkeyFipsSourceFeeds", Path.Combine(Repository.Root, "artifacts", "sources"));
        project.SetProperty("ValkeyFipsAllowNonValidatedModule", "true");
        project.SetProperty("ContainerRepository", repository);
        project.AddItem("ComponentReference", "openssl", ("Version", "3.0.20"));
        project.AddItem("ComponentReference", "valkey", ("Version", "8.1.1+dfsg1"));
        project.AddItem("ValkeyFipsRuntimePackage", "libssl3");

        var result = await project.BuildAsync("Build");

        Assert.IsFalse(result.Succeeded, result.ToString());
        StringAssert.Contains(result.Output, "error VF3008");
        StringAssert.Contains(result.Output, "libssl.so.3");
        var images = await docker.Images.ListImagesAsync(new Docker.DotNet.Models.ImagesListParameters());
        Assert.IsFalse(images.Any(i => i.RepoTags?.Any(t => t.StartsWith(repository, StringComparison.Ordinal)) == true), "no image");
    }
}
