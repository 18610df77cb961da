// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ValkeyFips.Core.Engine;

/// <summary>
/// One container from creation to removal. Disposing removes it, whatever happened, so that a
/// failed or cancelled build leaves no container behind.
/// </summary>
public sealed partial class ContainerRun : IAsyncDisposable
{
    private readonly DockerEngine _engine;

    internal ContainerRun(DockerEngine engine, string id)
    {
        _engine = engine;
        Id = id;
    }

    public string Id { get; }

    /// <summary>Unpacks a tar stream into the container's filesystem before it starts.</summary>
    public Task PutArchiveAsync(Stream tar, string path, CancellationToken cancellationToken) =>
        _engine.Client.Containers.ExtractArchiveToContainerAsync(
            Id, new ContainerPathStatParameters { Path = path }, tar, cancellationToken);

    /// <summary>
    /// Starts the container, hands every output line to <paramref name="onLine"/> as it comes and
    /// returns the exit code. Cancellation kills the container.
    /// </summary>
    public async Task<long> RunAsync(Action<string> onLine, CancellationToken cancellationToken)
    {
        var containers = _engine.Client.Containers;
        await containers.StartContainerAsync(Id, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        await using var kill = cancellationToken.Register(() =>
        {
            // Fire and forget: the wait below ends as soon as the container dies.
            _ = containers.KillContainerAsync(Id, new ContainerKillParameters(), CancellationToken.None);
        });

        var logs = PumpLogsAsync(onLine, cancellationToken);
        var wait = await containers.WaitContainerAsync(Id, CancellationToken.None).ConfigureAwait(false);
        await logs.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return wait.StatusCode;
    }

    /// <summary>Commits the container's filesystem as a new, untagged image and returns its id.</summary>
    public async Task<string> CommitAsync(Config config, string comment, CancellationToken cancellationToken)
    {
        var response = await _engine.Client.Images.CommitContainerChangesAsync(
            new CommitContainerChangesParameters
            {
                ContainerID = Id,
                Config = config,
                Comment = comment,
                Author = "ValkeyFips.Sdk",
            },
            cancellationToken).ConfigureAwait(false);
        return response.ID;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _engine.Client.Containers.RemoveContainerAsync(
                Id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    private async Task PumpLogsAsync(Action<string> onLine, CancellationToken cancellationToken)
    {
        using var stream = await _engine.Client.Containers.GetContainerLogsAsync(
            Id,
            tty: false,
            new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true },
            cancellationToken).ConfigureAwait(false);
        var buffer = new byte[16384];
        var pending = new Dictionary<MultiplexedStream.TargetStream, StringBuilder>();
        var decoder = new Dictionary<MultiplexedStream.TargetStream, Decoder>();
        try
        {
            while (true)
            {
                var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (result.EOF)
                {
                    break;
                }

                if (!pending.TryGetValue(result.Target, out var line))
                {
                    pending[result.Target] = line = new StringBuilder();
                    decoder[result.Target] = Encoding.UTF8.GetDecoder();
                }

                var chars = new char[Encoding.UTF8.GetMaxCharCount(result.Count)];
                var count = decoder[result.Target].GetChars(buffer, 0, result.Count, chars, 0);
                for (var i = 0; i < count; i++)
                {
                    if (chars[i] == '\n')
                    {
                        onLine(Plain(line.ToString()));
                        line.Clear();
                    }
                    else
                    {
                        line.Append(chars[i]);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var line in pending.Values.Where(l => l.Length > 0))
        {
            onLine(Plain(line.ToString()));
        }
    }

    /// <summary>Tool output without terminal colour codes, which only clutter logs.</summary>
    private static string Plain(string line) => TerminalEscape().Replace(line, string.Empty).TrimEnd('\r');

    [System.Text.RegularExpressions.GeneratedRegex("\x1B\\[[0-9;]*[A-Za-z]")]
    private static partial System.Text.RegularExpressions.Regex TerminalEscape();
}
