// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Text.Json.Nodes;
using ValkeyFips.TestSupport;

namespace ValkeyFips.Targets.Tests;

/// <summary>Pushing to a real registry: Debian's docker-registry on 127.0.0.1:5000 (eng/registry.sh).</summary>
[TestClass]
public sealed class RegistryTests
{
    private const string Registry = "127.0.0.1:5000";

    [TestMethod]
    [Timeout(40 * 60 * 1000, CooperativeCancellation = true)]
    public async Task ImageIsPushedToContainerRegistryAndAgainOnlyWhenItChanges()
    {
        using var docker = await DockerRequirement.EnsureAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await RequireRegistryAsync(http);
        using var project = new SdkProject();
        var repository = "valkeyfips-test/pushed-" + Guid.NewGuid().ToString("N")[..8];
        var cache = Environment.GetEnvironmentVariable("VALKEYFIPS_CACHE") is { Length: > 0 } shared
            ? shared
            : Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".cache", "valkeyfips");
        project.SetProperty("ValkeyFipsCacheDirectory", cache);
        project.SetProperty("ValkeyFipsSourceFeeds", Path.Combine(Repository.Root, "artifacts", "sources"));
        project.SetProperty("ValkeyFipsAllowNonValidatedModule", "true");
        project.SetProperty("ContainerRegistry", Registry);
        project.SetProperty("ContainerRepository", repository);
        project.SetProperty("ContainerImageTags", "1.0;latest");
        project.AddItem("ComponentReference", "openssl", ("Version", "3.0.20"));
        project.AddItem("ComponentReference", "valkey", ("Version", "8.1.1+dfsg1"));
        try
        {
            var first = await project.BuildAsync("Build");
            var second = await project.BuildAsync("Build");

            Assert.IsTrue(first.Succeeded, first.ToString());
            StringAssert.Contains(first.Output, $"image: pushing {Registry}/{repository}:1.0");
            var tags = JsonNode.Parse(await http.GetStringAsync($"http://{Registry}/v2/{repository}/tags/list"))!["tags"]!
                .AsArray().Select(t => (string?)t).ToList();
            CollectionAssert.AreEquivalent(new[] { "1.0", "latest" }, tags);
            Assert.IsTrue(second.Succeeded, second.ToString());
            Assert.IsFalse(second.Output.Contains("image: pushing", StringComparison.Ordinal), "an unchanged image is not pushed again");
        }
        finally
        {
            foreach (var tag in new[] { "1.0", "latest" })
            {
                try
                {
                    await docker.Images.DeleteImageAsync($"{Registry}/{repository}:{tag}", new Docker.DotNet.Models.ImageDeleteParameters { Force = true });
                }
                catch (Docker.DotNet.DockerImageNotFoundException)
                {
                }
            }
        }
    }

    [TestMethod]
    public async Task UnreachableRegistryIsACodedError()
    {
        using var docker = await DockerRequirement.EnsureAsync();
        using var project = new SdkProject();
        var repository = "valkeyfips-test/unpushed-" + Guid.NewGuid().ToString("N")[..8];
        var cache = Environment.GetEnvironmentVariable("VALKEYFIPS_CACHE") is { Length: > 0 } shared
            ? shared
            : Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".cache", "valkeyfips");
        project.SetProperty("ValkeyFipsCacheDirectory", cache);
        project.SetProperty("ValkeyFipsSourceFeeds", Path.Combine(Repository.Root, "artifacts", "sources"));
        project.SetProperty("ValkeyFipsAllowNonValidatedModule", "true");
        project.SetProperty("ContainerRegistry", "127.0.0.1:5999");
        project.SetProperty("ContainerRepository", repository);
        project.AddItem("ComponentReference", "openssl", ("Version", "3.0.20"));
        project.AddItem("ComponentReference", "valkey", ("Version", "8.1.1+dfsg1"));
        try
        {
            var result = await project.BuildAsync("Build");

            Assert.IsFalse(result.Succeeded, result.ToString());
            StringAssert.Contains(result.Output, "error VF4003");
        }
        finally
        {
            try
            {
                await docker.Images.DeleteImageAsync($"127.0.0.1:5999/{repository}:latest", new Docker.DotNet.Models.ImageDeleteParameters { Force = true });
            }
            catch (Docker.DotNet.DockerImageNotFoundException)
            {
            }
        }
    }

    private static async Task RequireRegistryAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync($"http://{Registry}/v2/");
            response.EnsureSuccessStatusCode();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            var message = $"No registry answers at {Registry} ({e.Message}); eng/registry.sh starts one.";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
        }
    }
}
