// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

namespace ValkeyFips.Core.Engine;

/// <summary>A bind mount of a host path into a container.</summary>
public sealed record BindMount(string HostPath, string ContainerPath, bool ReadOnly = true)
{
    public string ToBind() => $"{HostPath}:{ContainerPath}:{(ReadOnly ? "ro" : "rw")}";
}

/// <summary>Everything needed to create one short-lived container.</summary>
public sealed record RunSpec(string Image, IReadOnlyList<string> Command)
{
    /// <summary>Names the container in the engine, so that a user can tell what it is for.</summary>
    public string? NamePrefix { get; init; }

    public string? User { get; init; }

    /// <summary>Replaces the image's entrypoint when set.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<BindMount> Mounts { get; init; } = [];

    /// <summary>In-memory folders: container path to mount options.</summary>
    public IReadOnlyDictionary<string, string> Tmpfs { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    public bool ReadOnlyRootFilesystem { get; init; }

    public bool DropAllCapabilities { get; init; }

    /// <summary>
    /// The container becomes an image: it gets no per-process label, since an image keeps the
    /// labels of the container it was committed from.
    /// </summary>
    public bool Committed { get; init; }

    /// <summary>No network for builds that must not download anything.</summary>
    public bool NetworkDisabled { get; init; }
}
