// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Components;

/// <summary>
/// Turns the project's component references into resolved components: fills what the project
/// leaves out from the catalog and the recipe (an explicit value always wins) and rejects
/// references that cannot be built as they stand.
/// </summary>
public sealed class ComponentResolver
{
    private readonly Catalog _catalog;
    private readonly string _projectDirectory;
    private readonly string _sdkRecipesDirectory;

    public ComponentResolver(Catalog catalog, string projectDirectory, string sdkRecipesDirectory)
    {
        _catalog = catalog;
        _projectDirectory = projectDirectory;
        _sdkRecipesDirectory = sdkRecipesDirectory;
    }

    /// <summary>
    /// False to resolve a project whose archives are not all pinned yet, for a plan that says so.
    /// A build always requires every pin.
    /// </summary>
    public bool RequirePins { get; init; } = true;

    public IReadOnlyList<ResolvedComponent> Resolve(IEnumerable<ComponentReference> references)
    {
        var resolved = new List<ResolvedComponent>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in references)
        {
            if (!seen.Add(reference.Name))
            {
                throw new VfException(
                    ErrorCodes.DuplicateComponent,
                    $"Component '{reference.Name}' is referenced more than once. Keep one "
                    + "ComponentReference per component.");
            }

            resolved.Add(ResolveOne(reference));
        }

        foreach (var component in resolved)
        {
            foreach (var dependency in component.DependsOn)
            {
                if (!seen.Contains(dependency))
                {
                    throw new VfException(
                        ErrorCodes.UnknownDependency,
                        $"Component '{component.Name}' depends on '{dependency}', which the project does "
                        + $"not reference. Add a ComponentReference for '{dependency}' or change the "
                        + "DependsOn metadata.");
                }
            }
        }

        return resolved;
    }

    private ResolvedComponent ResolveOne(ComponentReference reference)
    {
        var name = reference.Name;
        var known = _catalog.Find(name);
        var recipe = Recipe.Locate(
            NullIfEmpty(reference.Recipe) ?? known?.Recipe ?? name,
            _projectDirectory,
            _sdkRecipesDirectory,
            name);
        if (recipe.Manifest.SourceIsRecipe)
        {
            return ResolveFromRecipe(reference, recipe);
        }

        var version = NullIfEmpty(reference.Version) ?? throw new VfException(
            ErrorCodes.MissingVersion,
            $"Component '{name}' has no Version. Add Version metadata to its ComponentReference.");

        var entry = _catalog.Find(name, version);
        var secret = ResolveSecret(reference);
        var gitRepository = NullIfEmpty(reference.GitRepository) ?? entry?.Git?.Repository;
        if (gitRepository is not null)
        {
            return ResolveGit(reference, version, gitRepository, entry, known, recipe) with { Secret = secret };
        }

        var url = NullIfEmpty(reference.Url) ?? entry?.Url;
        var fileName = NullIfEmpty(reference.FileName) ?? entry?.FileName ?? FileNameOf(url);
        if (fileName is null)
        {
            var listed = known is null
                ? $"The catalog does not know '{name}'"
                : $"The catalog lists {name} versions {string.Join(", ", known.Versions.Keys)}";
            throw new VfException(
                ErrorCodes.UnknownComponent,
                $"Component '{name}' version '{version}' has no source: it is not in the catalog and has "
                + $"no Url or FileName metadata. {listed}. Add Url (and Sha256) metadata, or pick a "
                + "version the catalog lists.");
        }

        var sha256 = NullIfEmpty(reference.Sha256) ?? entry?.Sha256;
        if (sha256 is null && !RequirePins)
        {
            sha256 = string.Empty;
        }
        else if (sha256 is null)
        {
            throw new VfException(
                ErrorCodes.MissingSha256,
                $"Component '{name}' version '{version}' has no Sha256. Every archive source must be "
                + "pinned: add Sha256=\"<64 hex digits>\" to its ComponentReference (sha256sum of the "
                + "archive you trust).");
        }

        if (sha256.Length > 0 && !Sha256Digest.IsValid(sha256))
        {
            throw new VfException(
                ErrorCodes.InvalidSha256,
                $"Component '{name}' has Sha256 '{sha256}', which is not a SHA-256 digest. Give the 64 "
                + "hexadecimal characters that sha256sum prints for the archive.");
        }

        return new ResolvedComponent
        {
            Name = name,
            Version = version,
            Sha256 = Sha256Digest.Normalize(sha256),
            Url = url,
            FileName = fileName,
            DependsOn = reference.DependsOn ?? recipe.Manifest.DependsOn,
            Recipe = recipe,
            Prefix = NullIfEmpty(reference.Prefix) ?? recipe.Manifest.Prefix ?? $"/opt/{name}",
            BuildOptions = reference.BuildOptions ?? string.Empty,
            Fips = entry?.Fips,
            License = known?.License,
            Homepage = known?.Homepage,
            Known = entry is not null,
            Secret = secret,
        };
    }

    private ResolvedComponent ResolveGit(
        ComponentReference reference, string version, string repository, CatalogVersion? entry, CatalogComponent? known, Recipe recipe)
    {
        var name = reference.Name;
        var tag = NullIfEmpty(reference.GitTag) ?? entry?.Git?.Tag ?? throw new VfException(
            ErrorCodes.InvalidGitSource,
            $"Component '{name}' comes from git repository '{repository}' but names no tag. Add GitTag metadata.");
        var commit = NullIfEmpty(reference.GitCommit) ?? entry?.Git?.Commit ?? throw new VfException(
            ErrorCodes.InvalidGitSource,
            $"Component '{name}' comes from tag {tag} of '{repository}' without a pinned commit. Add GitCommit "
            + "metadata with the full commit id the tag must resolve to ('git rev-parse TAG^{commit}').");
        if (commit.Length is not (40 or 64) || !commit.All(Uri.IsHexDigit))
        {
            throw new VfException(
                ErrorCodes.InvalidGitSource,
                $"Component '{name}' has GitCommit '{commit}', which is not a full commit id. Give all 40 "
                + "hexadecimal characters: a short id could name another commit.");
        }

        var local = !repository.Contains("://", StringComparison.Ordinal) && !repository.Contains('@', StringComparison.Ordinal);
        return new ResolvedComponent
        {
            Name = name,
            Version = version,
            Sha256 = string.Empty,
            Url = local ? null : repository,
            FileName = $"{name}-{commit.ToLowerInvariant()[..12]}",
            DependsOn = reference.DependsOn ?? recipe.Manifest.DependsOn,
            Recipe = recipe,
            Prefix = NullIfEmpty(reference.Prefix) ?? recipe.Manifest.Prefix ?? $"/opt/{name}",
            BuildOptions = reference.BuildOptions ?? string.Empty,
            Fips = entry?.Fips,
            License = known?.License,
            Homepage = known?.Homepage,
            Known = entry is not null,
            Git = new GitSource(local ? Path.GetFullPath(repository, _projectDirectory) : repository, tag, commit.ToLowerInvariant()),
        };
    }

    private SecretSource? ResolveSecret(ComponentReference reference)
    {
        var file = NullIfEmpty(reference.SecretFile);
        var variable = NullIfEmpty(reference.SecretEnvironmentVariable);
        if (file is not null && variable is not null)
        {
            throw new VfException(
                ErrorCodes.SecretUnavailable,
                $"Component '{reference.Name}' names both a secret file and a secret environment variable. Keep one.");
        }

        return file is not null ? new SecretSource(Path.GetFullPath(file, _projectDirectory), null)
            : variable is not null ? new SecretSource(null, variable)
            : null;
    }

    /// <summary>A component whose source ships in its recipe: pinned by the recipe's own digest.</summary>
    private static ResolvedComponent ResolveFromRecipe(ComponentReference reference, Recipe recipe) => new()
    {
        Name = reference.Name,
        Version = NullIfEmpty(reference.Version) ?? recipe.Manifest.Version ?? "0",
        Sha256 = recipe.ComputeDigest(),
        Url = null,
        FileName = string.Empty,
        DependsOn = reference.DependsOn ?? recipe.Manifest.DependsOn,
        Recipe = recipe,
        Prefix = NullIfEmpty(reference.Prefix) ?? recipe.Manifest.Prefix ?? $"/opt/{reference.Name}",
        BuildOptions = reference.BuildOptions ?? string.Empty,
        Known = true,
    };

    private static string? FileNameOf(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var last = Uri.UnescapeDataString(uri.Segments.LastOrDefault() ?? string.Empty);
        return string.IsNullOrEmpty(last) || last.EndsWith('/') ? null : last;
    }

    private static string? NullIfEmpty(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
