// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.TestSupport;

namespace ValkeyFips.EndToEnd.Tests;

/// <summary>
/// The reference profile (Ubuntu 22.04, wolfSSL FIPS through wolfProvider) cannot be built here:
/// its bundle needs a licence and its sources the internet. Its plan must still resolve and print.
/// </summary>
[TestClass]
public sealed class ReferenceSampleTests
{
    [TestMethod]
    public async Task PlanListsComponentsSourcesPinsAndOrderWithoutBuilding()
    {
        var project = SampleImage.Sdk.CopySample("valkey-fips-ubuntu");
        var mark = await DockerRequirement.MarkAsync();

        var plan = await ProcessHelper.RunAsync(
            "dotnet",
            ["msbuild", project, "-t:ValkeyFipsPlan", "-nologo", "-tl:off", "-v:m"],
            project,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = SampleImage.Sdk.PackagesFolder });

        Assert.IsTrue(plan.Succeeded, plan.ToString());
        var output = plan.Output;
        var order = new[] { "openssl 3.0.15", "wolfssl 5.8.2-commercial-fips-v5.2.3", "wolfprovider 1.1.0", "valkey 8.1.5" }
            .Select(c => output.IndexOf(c, StringComparison.Ordinal)).ToList();
        Assert.IsTrue(order.All(i => i >= 0), output);
        Assert.IsTrue(order[1] < order[2], "wolfProvider builds after wolfSSL\n" + output);
        StringAssert.Contains(output, "23c666d0edf20f14249b3d8f0368acaee9ab585b09e1de82107c66e1f3ec9533");
        StringAssert.Contains(output, "commit f8f432408f2c6f446a9e5bd9330577d2c2e1ed4f");
        StringAssert.Contains(output, "2d47a6afaec7a5383813579c2367193053ec885bc135e810284fe94ccdd324d2");
        StringAssert.Contains(output, "certificate #4718");
        StringAssert.Contains(output, "ubuntu:22.04@sha256:");
        StringAssert.Contains(output, "NOT PINNED");
        StringAssert.Contains(output, "warning VF6003");
        var created = await DockerRequirement.ContainersCreatedAsync(SampleImage.Docker, mark, DateTimeOffset.UtcNow);
        Assert.AreEqual(0, created.Count, "a plan starts no container");
    }
}
