// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

namespace ValkeyFips.Core.Components;

/// <summary>
/// A component as the project names it: the <c>ComponentReference</c> item and its metadata.
/// Empty values mean "not given": the catalog or the recipe fills them.
/// </summary>
public sealed record ComponentReference(string Name)
{
    public string? Version { get; init; }

    public string? Sha256 { get; init; }

    public string? Url { get; init; }

    public string? FileName { get; init; }

    /// <summary>Names of the components this one builds against; null means "the recipe's default".</summary>
    public IReadOnlyList<string>? DependsOn { get; init; }

    /// <summary>A recipe name from the SDK, or a folder holding <c>recipe.json</c> and <c>build.sh</c>.</summary>
    public string? Recipe { get; init; }

    /// <summary>Where the component installs inside the image.</summary>
    public string? Prefix { get; init; }

    /// <summary>Extra arguments handed to the recipe.</summary>
    public string? BuildOptions { get; init; }

    /// <summary>A git repository (URL or path) to take the source from instead of an archive.</summary>
    public string? GitRepository { get; init; }

    /// <summary>The tag of <see cref="GitRepository"/> to build.</summary>
    public string? GitTag { get; init; }

    /// <summary>The commit id the tag must resolve to: the pin of a git source.</summary>
    public string? GitCommit { get; init; }

    /// <summary>A file holding the password of the source archive (a build secret).</summary>
    public string? SecretFile { get; init; }

    /// <summary>The name of an environment variable holding the password of the source archive.</summary>
    public string? SecretEnvironmentVariable { get; init; }
}
