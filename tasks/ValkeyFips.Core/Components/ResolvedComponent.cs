// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

namespace ValkeyFips.Core.Components;

/// <summary>
/// A component with every value it needs to be fetched and built: the project's metadata merged
/// over the catalog's and the recipe's.
/// </summary>
public sealed record ResolvedComponent
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public required string Sha256 { get; init; }

    /// <summary>Upstream location; null when the archive is only expected in a source feed.</summary>
    public string? Url { get; init; }

    /// <summary>The archive's file name, used to find it in source feeds.</summary>
    public required string FileName { get; init; }

    public required IReadOnlyList<string> DependsOn { get; init; }

    public required Recipe Recipe { get; init; }

    public required string Prefix { get; init; }

    public string BuildOptions { get; init; } = string.Empty;

    /// <summary>The validation status the catalog records for this version, if it is a crypto module.</summary>
    public FipsValidation? Fips { get; init; }

    public string? License { get; init; }

    public string? Homepage { get; init; }

    /// <summary>The git source, when the component is built from a tagged commit rather than an archive.</summary>
    public GitSource? Git { get; init; }

    /// <summary>Where the password of the source archive comes from, if it has one.</summary>
    public SecretSource? Secret { get; init; }

    /// <summary>False for an archive whose digest the project has not given yet (plans only).</summary>
    public bool Pinned => Git is not null || SourceIsRecipe || Sha256.Length > 0;

    /// <summary>What pins the source: the archive's SHA-256, the git commit, or the recipe's digest.</summary>
    public string Pin => Git is null ? Sha256 : "git:" + Git.Commit;

    /// <summary>True when the recipe folder is the source (see <see cref="RecipeManifest.Source"/>).</summary>
    public bool SourceIsRecipe => Recipe.Manifest.SourceIsRecipe;

    /// <summary>True when the version was found in the catalog.</summary>
    public bool Known { get; init; }
}

/// <summary>A tag of a git repository, pinned to the commit it must resolve to.</summary>
public sealed record GitSource(string Repository, string Tag, string Commit);

/// <summary>
/// Where a build secret is read from: a file, or an environment variable by name. Only the
/// location travels through MSBuild; the value is read when the build needs it.
/// </summary>
public sealed record SecretSource(string? File, string? EnvironmentVariable)
{
    public override string ToString() => File is not null ? $"file '{File}'" : $"environment variable {EnvironmentVariable}";
}
