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

        var samePrefix = resolved.GroupBy(c => c.Prefix).FirstOrDefault(g => g.Count() > 1);
        if (samePrefix is not null)
        {
            throw new VfException(
                ErrorCodes.InvalidPrefix,
                $"Components {string.Join(" and ", samePrefix.Select(c => $"'{c.Name}'"))} install to the same prefix "
                + $"{samePrefix.Key}. Give each component a prefix of its own.");
        }

        return resolved;
    }

    private ResolvedComponent ResolveOne(ComponentReference reference)
    {
        var name = reference.Name;
        if (!ValidName(name))
        {
            throw new VfException(
                ErrorCodes.InvalidComponentName,
                $"'{name}' is not a valid component name. Use letters, digits, '.', '_' and '-', starting with a "
                + "letter or digit, at most 64 characters (for example 'openssl').");
        }

        var known = _catalog.Find(name);
        var recipe = Recipe.Locate(
            NullIfEmpty(reference.Recipe) ?? known?.Recipe ?? name,
            _projectDirectory,
            _sdkRecipesDirectory,
            name);
        var version = NullIfEmpty(reference.Version)
            ?? (recipe.Manifest.SourceIsRecipe ? recipe.Manifest.Version ?? "0" : null)
            ?? throw new VfException(
                ErrorCodes.MissingVersion,
                $"Component '{name}' has no Version. Add Version metadata to its ComponentReference.");
        var entry = _catalog.Find(name, version);

        // What every kind of source shares; the source itself is filled in below.
        var component = new ResolvedComponent
        {
            Name = name,
            Version = version,
            Sha256 = string.Empty,
            FileName = string.Empty,
            DependsOn = reference.DependsOn ?? recipe.Manifest.DependsOn,
            Recipe = recipe,
            Prefix = ValidPrefix(name, NullIfEmpty(reference.Prefix) ?? recipe.Manifest.Prefix ?? $"/opt/{name}"),
            BuildOptions = reference.BuildOptions ?? string.Empty,
            Fips = entry?.Fips,
            License = known?.License,
            Homepage = known?.Homepage,
            Known = entry is not null || recipe.Manifest.SourceIsRecipe,
            Secret = ResolveSecret(reference),
        };

        if (recipe.Manifest.SourceIsRecipe)
        {
            // A tool the SDK ships: the recipe folder is the source, pinned by its own digest.
            return component with { Sha256 = recipe.ComputeDigest() };
        }

        var gitRepository = NullIfEmpty(reference.GitRepository) ?? entry?.Git?.Repository;
        return gitRepository is not null
            ? WithGitSource(component, reference, gitRepository, entry)
            : WithArchiveSource(component, reference, entry, known);
    }

    private ResolvedComponent WithArchiveSource(
        ResolvedComponent component, ComponentReference reference, CatalogVersion? entry, CatalogComponent? known)
    {
        var (name, version) = (component.Name, component.Version);
        var url = NullIfEmpty(reference.Url) ?? entry?.Url;
        var fileName = NullIfEmpty(reference.FileName) ?? entry?.FileName ?? FileNameOf(url);
        if (fileName is not null && (fileName != Path.GetFileName(fileName) || fileName is "." or ".." || fileName.Contains('\\')))
        {
            throw new VfException(
                ErrorCodes.InvalidArchiveFileName,
                $"Component '{name}' has ArchiveFileName '{fileName}'. Give the archive's file name only, without "
                + "folders: source feeds are searched for that name.");
        }

        if (fileName is null)
        {
            var listed = known is null
                ? $"The catalog does not know '{name}'"
                : $"The catalog lists {name} versions {string.Join(", ", known.Versions.Keys)}";
            throw new VfException(
                ErrorCodes.UnknownComponent,
                $"Component '{name}' version '{version}' has no source: it is not in the catalog and has "
                + $"no Url or ArchiveFileName metadata. {listed}. Add Url (and Sha256) metadata, or pick a "
                + "version the catalog lists.");
        }

        var sha256 = NullIfEmpty(reference.Sha256) ?? entry?.Sha256;
        if (sha256 is null && RequirePins)
        {
            throw new VfException(
                ErrorCodes.MissingSha256,
                $"Component '{name}' version '{version}' has no Sha256. Every archive source must be "
                + "pinned: add Sha256=\"<64 hex digits>\" to its ComponentReference (sha256sum of the "
                + "archive you trust).");
        }

        if (sha256 is not null && !Sha256Digest.IsValid(sha256))
        {
            throw new VfException(
                ErrorCodes.InvalidSha256,
                $"Component '{name}' has Sha256 '{sha256}', which is not a SHA-256 digest. Give the 64 "
                + "hexadecimal characters that sha256sum prints for the archive.");
        }

        return component with
        {
            Sha256 = sha256 is null ? string.Empty : Sha256Digest.Normalize(sha256),
            Url = url,
            FileName = fileName,
        };
    }

    private ResolvedComponent WithGitSource(
        ResolvedComponent component, ComponentReference reference, string repository, CatalogVersion? entry)
    {
        var name = component.Name;
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

        commit = commit.ToLowerInvariant();
        var local = !repository.Contains("://", StringComparison.Ordinal) && !repository.Contains('@', StringComparison.Ordinal);
        return component with
        {
            Url = local ? null : repository,
            FileName = $"{name}-{commit[..12]}",
            Git = new GitSource(local ? Path.GetFullPath(repository, _projectDirectory) : repository, tag, commit),
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

    private static bool ValidName(string name) =>
        name.Length is > 0 and <= 64
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>An absolute, normalised path that is not the root: where a component may install.</summary>
    private static string ValidPrefix(string name, string prefix)
    {
        var parts = prefix.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!prefix.StartsWith('/') || parts.Length == 0 || parts.Any(p => p is "." or "..")
            || prefix.Any(c => c is ':' or '\\' || char.IsControl(c)))
        {
            throw new VfException(
                ErrorCodes.InvalidPrefix,
                $"Component '{name}' has Prefix '{prefix}'. A prefix is an absolute folder below the root, without "
                + "'.', '..' or ':' parts (for example /usr/local/openssl).");
        }

        return "/" + string.Join('/', parts);
    }

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
