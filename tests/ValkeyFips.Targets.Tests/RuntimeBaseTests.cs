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
        var repository = "valkeyfips-test/system-openssl-" + Guid.NewGuid().ToString("N")[..8];
        using var project = SharedComponents.Project(repository);
        project.AddItem("ValkeyFipsRuntimePackage", "libssl3");

        var result = await project.BuildAsync("Build");

        Assert.IsFalse(result.Succeeded, result.ToString());
        StringAssert.Contains(result.Output, "error VF3008");
        StringAssert.Contains(result.Output, "libssl.so.3");
        var images = await docker.Images.ListImagesAsync(new Docker.DotNet.Models.ImagesListParameters());
        Assert.IsFalse(images.Any(i => i.RepoTags?.Any(t => t.StartsWith(repository, StringComparison.Ordinal)) == true), "no image");
    }
}
