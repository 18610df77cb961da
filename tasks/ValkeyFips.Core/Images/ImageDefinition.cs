// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

namespace ValkeyFips.Core.Images;

/// <summary>A file the project or the SDK places into the image.</summary>
public sealed record ImageFile(string HostPath, string Destination, int Uid, int Gid, UnixFileMode Mode);

/// <summary>A host folder copied into the image as root's (scripts, configuration templates).</summary>
public sealed record ImageTree(string HostDirectory, string Destination);

/// <summary>A folder in the image with an owner and mode of its own (data, configuration, logs).</summary>
public sealed record ImageDirectory(string Path, int Uid, int Gid, UnixFileMode Mode);

/// <summary>The account the image runs as.</summary>
public sealed record ImageAccount(string Name, int Uid, int Gid, string Home);

/// <summary>The runtime settings of the image: what <c>docker inspect</c> shows under Config.</summary>
public sealed record ImageSettings
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Ports as <c>6379/tcp</c>.</summary>
    public IReadOnlyList<string> Ports { get; init; } = [];

    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Command { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    /// <summary>The numeric user the image runs as.</summary>
    public required string User { get; init; }

    /// <summary>A command for the engine's health check; empty for none.</summary>
    public IReadOnlyList<string> HealthCheck { get; init; } = [];
}
