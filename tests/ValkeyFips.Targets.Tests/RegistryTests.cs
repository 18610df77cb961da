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
        var repository = "valkeyfips-test/pushed-" + Guid.NewGuid().ToString("N")[..8];
        using var project = SharedComponents.Project(repository);
        project.SetProperty("ContainerRegistry", Registry);
        project.SetProperty("ContainerImageTags", "1.0;latest");
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
        var repository = "valkeyfips-test/unpushed-" + Guid.NewGuid().ToString("N")[..8];
        using var project = SharedComponents.Project(repository);
        project.SetProperty("ContainerRegistry", "127.0.0.1:5999");
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
