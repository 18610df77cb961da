// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Text.Json;
using System.Text.Json.Serialization;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Components;

/// <summary>
/// The catalog of known components: for each name and version, where the upstream source lives,
/// its digest, and the FIPS validation status of the module it builds.
/// </summary>
public sealed class Catalog
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, CatalogComponent> _components;

    private Catalog(Dictionary<string, CatalogComponent> components, string source)
    {
        _components = components;
        Source = source;
    }

    /// <summary>The file the catalog was read from.</summary>
    public string Source { get; }

    /// <summary>An empty catalog: every component must then carry its own URL and digest.</summary>
    public static Catalog Empty { get; } = new(new(StringComparer.OrdinalIgnoreCase), "(none)");

    public IReadOnlyCollection<string> ComponentNames => _components.Keys;

    public static Catalog Load(string path)
    {
        CatalogDocument? document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonSerializer.Deserialize<CatalogDocument>(stream, JsonOptions);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new VfException(
                ErrorCodes.CatalogInvalid,
                $"The component catalog '{path}' cannot be read: {e.Message}. Point "
                + "ValkeyFipsCatalogPath at a valid catalog file or remove the property.",
                e);
        }

        var components = new Dictionary<string, CatalogComponent>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, component) in document?.Components ?? new())
        {
            if (component?.Versions is null || component.Versions.Values.Any(v => v is null))
            {
                throw new VfException(
                    ErrorCodes.CatalogInvalid,
                    $"The component catalog '{path}' lists '{name}' without versions, or with an empty version entry. "
                    + "Give each component a \"versions\" object of version entries.");
            }

            component.SigningKeys ??= [];
            foreach (var (version, entry) in component.Versions)
            {
                if (!Sha256Digest.IsValid(entry.Sha256) && entry.Sha256 is not null)
                {
                    throw new VfException(
                        ErrorCodes.CatalogInvalid,
                        $"The component catalog '{path}' lists {name} {version} with sha256 "
                        + $"'{entry.Sha256}', which is not 64 hexadecimal characters.");
                }
            }

            components[name] = component;
        }

        return new Catalog(components, path);
    }

    /// <summary>Finds a known component; null when the catalog does not list the name.</summary>
    public CatalogComponent? Find(string name) =>
        _components.TryGetValue(name, out var component) ? component : null;

    /// <summary>Finds a known component version; null when either is not listed.</summary>
    public CatalogVersion? Find(string name, string version)
    {
        var component = Find(name);
        return component is not null && component.Versions.TryGetValue(version, out var entry)
            ? entry
            : null;
    }

    private sealed class CatalogDocument
    {
        public Dictionary<string, CatalogComponent>? Components { get; set; }
    }
}

/// <summary>A component the catalog knows, with the versions it lists.</summary>
public sealed class CatalogComponent
{
    public string? Description { get; set; }

    /// <summary>The recipe that builds it; defaults to the component name.</summary>
    public string? Recipe { get; set; }

    /// <summary>SPDX license expression of the upstream project.</summary>
    public string? License { get; set; }

    /// <summary>Upstream project home, for the SBOM.</summary>
    public string? Homepage { get; set; }

    /// <summary>Where upstream publishes the OpenPGP keys its releases are signed with.</summary>
    public List<string> SigningKeys { get; set; } = [];

    public Dictionary<string, CatalogVersion> Versions { get; set; } =
        new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One version of a known component.</summary>
public sealed class CatalogVersion
{
    public string? Url { get; set; }

    /// <summary>The archive's file name when the URL does not end with it.</summary>
    public string? FileName { get; set; }

    public string? Sha256 { get; set; }

    /// <summary>Detached upstream signature of the archive, when upstream publishes one.</summary>
    public string? SignatureUrl { get; set; }

    /// <summary>Where the digest comes from: upstream release, a distribution repack, ...</summary>
    public string? Origin { get; set; }

    /// <summary>A git source instead of an archive: repository, tag and the commit the tag must name.</summary>
    public CatalogGit? Git { get; set; }

    /// <summary>FIPS 140 validation of the cryptographic module this version builds, if any.</summary>
    public FipsValidation? Fips { get; set; }
}

/// <summary>A git source as the catalog lists it.</summary>
public sealed class CatalogGit
{
    public string? Repository { get; set; }

    public string? Tag { get; set; }

    public string? Commit { get; set; }
}

/// <summary>The CMVP validation status of a cryptographic module version.</summary>
public sealed class FipsValidation
{
    /// <summary><c>validated</c>, or <c>not-validated</c> for the same code without a certificate.</summary>
    public string Status { get; set; } = "not-validated";

    /// <summary>CMVP certificate number.</summary>
    public string? Certificate { get; set; }

    /// <summary>FIPS 140-2 or FIPS 140-3.</summary>
    public string? Standard { get; set; }

    [JsonIgnore]
    public bool IsValidated => string.Equals(Status, "validated", StringComparison.OrdinalIgnoreCase);
}
