// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Engine;

/// <summary>
/// The Docker engine as the SDK uses it: images looked up, imported, committed and tagged;
/// short-lived containers run to completion. <c>DOCKER_HOST</c> is honoured.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    /// <summary>Label put on every container the SDK creates, so that leftovers can be found.</summary>
    public const string OwnerLabel = "org.valkeyfips.sdk";

    /// <summary>Label naming the host process that created a build container (host name and pid).</summary>
    public const string ProcessLabel = "org.valkeyfips.process";

    private static readonly string ThisProcess = $"{Environment.MachineName}:{Environment.ProcessId}";

    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(15);

    private readonly DockerClient _client;

    private DockerEngine(DockerClient client, Uri endpoint)
    {
        _client = client;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    internal DockerClient Client => _client;

    /// <summary>Connects and checks that the engine answers.</summary>
    public static async Task<DockerEngine> ConnectAsync(CancellationToken cancellationToken)
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var shown = Redaction.Location(string.IsNullOrWhiteSpace(host) ? "unix:///var/run/docker.sock" : host);
        DockerClient client;
        Uri endpoint;
        try
        {
            endpoint = new Uri(string.IsNullOrWhiteSpace(host) ? "unix:///var/run/docker.sock" : host);
            client = new DockerClientConfiguration(endpoint, defaultTimeout: TimeSpan.FromMinutes(10)).CreateClient();
        }
        catch (Exception e) when (e is UriFormatException or NotSupportedException || e.GetType() == typeof(Exception))
        {
            throw new VfException(
                ErrorCodes.EngineUnavailable,
                $"DOCKER_HOST is '{shown}', which names no engine the SDK can reach ({e.Message}). Use unix:///path/to/docker.sock "
                + "or tcp://host:port, or unset it for the local engine.",
                e);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PingTimeout);
            await client.System.PingAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or SocketException
                                      or IOException or TimeoutException or OperationCanceledException
                                      or UnauthorizedAccessException or InvalidOperationException)
        {
            client.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw new VfException(
                ErrorCodes.EngineUnavailable,
                $"No Docker engine answers at {shown} ({Innermost(e).Message}). Start one (for example "
                + "'dockerd &' as root, or 'systemctl start docker'), or set DOCKER_HOST to an engine that "
                + "runs, then build again.",
                e);
        }

        return new DockerEngine(client, endpoint);
    }

    /// <summary>The image's id, or null when the engine does not have it.</summary>
    public async Task<string?> FindImageAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            var image = await _client.Images.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false);
            return image.ID;
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    public async Task<ImageInspectResponse?> InspectImageAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.Images.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Pulls an image; false when no registry gives it.</summary>
    public async Task<bool> TryPullAsync(string reference, IBuildLog log, CancellationToken cancellationToken)
    {
        var (repository, tag) = SplitReference(reference);
        try
        {
            await _client.Images.CreateImageAsync(
                new ImagesCreateParameters { FromImage = repository, Tag = tag },
                null,
                new Progress<JSONMessage>(m =>
                {
                    if (!string.IsNullOrEmpty(m.Status))
                    {
                        log.Detail($"pull {reference}: {m.Status} {m.ProgressMessage}");
                    }
                }),
                cancellationToken).ConfigureAwait(false);
            return await FindImageAsync(reference, cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (DockerApiException e)
        {
            log.Detail($"pull {reference}: {e.Message}");
            return false;
        }
    }

    /// <summary>Imports a root filesystem tarball as an image.</summary>
    public async Task<string> ImportAsync(
        string tarPath, string repository, string tag, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(tarPath);
        await _client.Images.CreateImageAsync(
            new ImagesCreateParameters { FromSrc = "-", Repo = repository, Tag = tag },
            stream,
            null,
            new Progress<JSONMessage>(),
            cancellationToken).ConfigureAwait(false);
        return await FindImageAsync($"{repository}:{tag}", cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"The engine did not keep the imported image {repository}:{tag}.");
    }

    public Task TagAsync(string imageId, string repository, string tag, CancellationToken cancellationToken) =>
        _client.Images.TagImageAsync(
            imageId,
            new ImageTagParameters { RepositoryName = repository, Tag = tag, Force = true },
            cancellationToken);

    /// <summary>Pushes a tag to the registry its repository names.</summary>
    public async Task PushAsync(string repository, string tag, IBuildLog log, CancellationToken cancellationToken)
    {
        string? failure = null;
        await _client.Images.PushImageAsync(
            repository,
            new ImagePushParameters { Tag = tag },
            new AuthConfig(),
            new Progress<JSONMessage>(m =>
            {
                if (m.Error is not null)
                {
                    failure = m.Error.Message;
                }
                else if (!string.IsNullOrEmpty(m.Status))
                {
                    log.Detail($"push {repository}:{tag}: {m.Status} {m.ProgressMessage}");
                }
            }),
            cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            throw new VfException(
                ErrorCodes.PushFailed,
                $"Pushing {repository}:{tag} failed: {failure}. Check that the registry is reachable and that the "
                + "engine may push to it (docker login for registries that need it).");
        }
    }

    /// <summary>Removes an image or a tag; nothing happens when it is already gone.</summary>
    public async Task RemoveImageAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            await _client.Images.DeleteImageAsync(
                reference, new ImageDeleteParameters { Force = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
        }
    }

    /// <summary>
    /// Removes an image the SDK made when no tag names it any more; an image that is still tagged,
    /// used by a container, or not the SDK's is left alone.
    /// </summary>
    public async Task RemoveIfDanglingAsync(string imageId, CancellationToken cancellationToken)
    {
        var image = await InspectImageAsync(imageId, cancellationToken).ConfigureAwait(false);
        if (image is null || image.RepoTags is { Count: > 0 }
            || image.Config?.Labels?.TryGetValue(OwnerLabel, out var owner) != true || owner != "image")
        {
            return;
        }

        try
        {
            await _client.Images.DeleteImageAsync(imageId, new ImageDeleteParameters { Force = false }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DockerApiException)
        {
            // In use by a container: it goes when the container does.
        }
    }

    /// <summary>Creates a container; it is removed when the returned object is disposed.</summary>
    public async Task<ContainerRun> CreateAsync(RunSpec spec, CancellationToken cancellationToken)
    {
        var parameters = new CreateContainerParameters
        {
            Name = spec.NamePrefix is null ? null : $"{spec.NamePrefix}-{Guid.NewGuid().ToString("N")[..12]}",
            Image = spec.Image,
            Cmd = spec.Command.ToList(),
            Entrypoint = spec.Entrypoint?.ToList(),
            User = spec.User,
            WorkingDir = spec.WorkingDirectory,
            Env = spec.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            Labels = spec.Committed
                ? new Dictionary<string, string> { [OwnerLabel] = "build" }
                : new Dictionary<string, string> { [OwnerLabel] = "build", [ProcessLabel] = ThisProcess },
            NetworkDisabled = spec.NetworkDisabled,
            HostConfig = new HostConfig
            {
                Binds = spec.Mounts.Select(m => m.ToBind()).ToList(),
                Tmpfs = spec.Tmpfs.ToDictionary(kv => kv.Key, kv => kv.Value),
                ReadonlyRootfs = spec.ReadOnlyRootFilesystem,
                CapDrop = spec.DropAllCapabilities ? ["ALL"] : null,
                NetworkMode = spec.NetworkDisabled ? "none" : null,
            },
        };
        var response = await _client.Containers.CreateContainerAsync(parameters, cancellationToken).ConfigureAwait(false);
        return new ContainerRun(this, response.ID);
    }

    /// <summary>
    /// Removes build containers left by SDK processes on this host that no longer run (a build
    /// killed by a signal MSBuild does not pass on). Containers of running builds stay.
    /// </summary>
    public async Task RemoveOrphansAsync(IBuildLog log, CancellationToken cancellationToken)
    {
        var containers = await _client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [$"{OwnerLabel}=build"] = true },
                },
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var container in containers)
        {
            var owner = container.Labels is { } labels && labels.TryGetValue(ProcessLabel, out var value) ? value : null;
            if (owner?.Split(':') is not [var machine, var pid]
                || machine != Environment.MachineName
                || !int.TryParse(pid, out var id)
                || ProcessRuns(id))
            {
                continue;
            }

            log.Info($"removing {container.Names.FirstOrDefault()?.TrimStart('/') ?? container.ID}, left by a build that was killed");
            try
            {
                await _client.Containers.RemoveContainerAsync(
                    container.ID, new ContainerRemoveParameters { Force = true }, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }
    }

    private static bool ProcessRuns(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();

    internal static (string Repository, string? Tag) SplitReference(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (reference[..at], reference[(at + 1)..]);
        }

        var slash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        return colon > slash ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
