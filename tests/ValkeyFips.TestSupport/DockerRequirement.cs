// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace ValkeyFips.TestSupport;

/// <summary>
/// Tests that need a Docker engine call <see cref="EnsureAsync"/> first. Without an engine a
/// developer's run reports them inconclusive; in CI (CI=true) a missing engine is a failure,
/// since CI must install and start one.
/// </summary>
public static class DockerRequirement
{
    public static async Task<DockerClient> EnsureAsync()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var client = new DockerClientConfiguration(
            new Uri(string.IsNullOrEmpty(host) ? "unix:///var/run/docker.sock" : host)).CreateClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.System.PingAsync(timeout.Token);
            return client;
        }
        catch (Exception e) when (e is not AssertFailedException)
        {
            client.Dispose();
            var message = $"This test needs a running Docker engine ({e.GetType().Name}: {e.Message}). "
                + "Run eng/setup.sh to install and start one.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
            throw;
        }
    }

    /// <summary>
    /// Containers the SDK had the engine create between two instants, by name. The engine counts in
    /// whole seconds: call <see cref="MarkAsync"/> for the first instant.
    /// </summary>
    /// <summary>An instant in a second of its own, so that nothing before it counts after it.</summary>
    public static async Task<DateTimeOffset> MarkAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(1100));
        return DateTimeOffset.UtcNow;
    }

    public static async Task<IReadOnlyList<string>> ContainersCreatedAsync(DockerClient client, DateTimeOffset since, DateTimeOffset until)
    {
        var created = new List<string>();
        await client.System.MonitorEventsAsync(
            new ContainerEventsParameters
            {
                Since = since.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                Until = (until.ToUnixTimeSeconds() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["type"] = new Dictionary<string, bool> { ["container"] = true },
                    ["event"] = new Dictionary<string, bool> { ["create"] = true },
                    // Only the SDK's own build containers: containers of a built image inherit the
                    // image's label with another value.
                    ["label"] = new Dictionary<string, bool> { ["org.valkeyfips.sdk=build"] = true },
                },
            },
            new Progress<Message>(m =>
            {
                lock (created)
                {
                    created.Add(m.Actor?.Attributes is { } a && a.TryGetValue("name", out var n) ? n : m.ID);
                }
            }));
        return created;
    }
}
