// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Text.Json;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Components;

/// <summary>
/// How a component is built: a folder with <c>build.sh</c>, run in a builder container, and
/// <c>recipe.json</c>, which declares the install prefix and the distribution packages the build
/// and the running image need.
/// </summary>
public sealed class Recipe
{
    public const string ScriptName = "build.sh";
    public const string ManifestName = "recipe.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private Recipe(string name, string directory, RecipeManifest manifest)
    {
        Name = name;
        Directory = directory;
        Manifest = manifest;
    }

    public string Name { get; }

    public string Directory { get; }

    public string ScriptPath => Path.Combine(Directory, ScriptName);

    public RecipeManifest Manifest { get; }

    /// <summary>
    /// Finds a recipe by folder path (relative to the project) or by name among the SDK's recipes.
    /// </summary>
    public static Recipe Locate(string reference, string projectDirectory, string sdkRecipesDirectory, string component)
    {
        var candidates = new[]
        {
            Path.GetFullPath(reference, projectDirectory),
            Path.Combine(sdkRecipesDirectory, reference),
        };
        var directory = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, ScriptName)));
        if (directory is null)
        {
            throw new VfException(
                ErrorCodes.RecipeNotFound,
                $"Component '{component}' uses recipe '{reference}', which is neither a folder with "
                + $"{ScriptName} (relative to the project) nor one of the SDK's recipes in "
                + $"'{sdkRecipesDirectory}'. Set the item's Recipe metadata to one of those.");
        }

        var manifestPath = Path.Combine(directory, ManifestName);
        if (System.IO.Directory.Exists(manifestPath))
        {
            throw new VfException(
                ErrorCodes.RecipeInvalid,
                $"'{manifestPath}' of component '{component}' is a folder; the recipe manifest must be a JSON file.");
        }

        RecipeManifest manifest;
        try
        {
            manifest = File.Exists(manifestPath)
                ? JsonSerializer.Deserialize<RecipeManifest>(File.ReadAllText(manifestPath), JsonOptions) ?? new()
                : new RecipeManifest();
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new VfException(
                ErrorCodes.RecipeInvalid,
                $"The recipe manifest '{manifestPath}' of component '{component}' is not valid JSON: {e.Message}",
                e);
        }

        // Lists a manifest sets to null count as empty.
        manifest.DependsOn ??= [];
        manifest.BuildPackages ??= [];
        manifest.RuntimePackages ??= [];
        manifest.ImageExclude ??= [];
        foreach (var package in manifest.BuildPackages.Concat(manifest.RuntimePackages))
        {
            if (!DistributionPackage.IsValidName(package))
            {
                throw new VfException(
                    ErrorCodes.RecipeInvalid,
                    $"The recipe manifest '{manifestPath}' of component '{component}' names the package '{package}', "
                    + "which is not a distribution package name (lower-case letters, digits, '+', '-', '.').");
            }
        }

        return new Recipe(Path.GetFileName(directory.TrimEnd('/')), directory, manifest);
    }

    /// <summary>
    /// A digest of what decides the build: every file of the recipe but its manifest, and the
    /// manifest's build settings. A changed script rebuilds the component; a changed comment or
    /// image-only setting (runtime packages, image exclusions) in the manifest does not.
    /// </summary>
    public string ComputeDigest() => new InputHash()
        .AddDirectory("recipe", Directory, except: ManifestName)
        .Add("source", Manifest.Source)
        .Add("version", Manifest.Version)
        .Add("prefix", Manifest.Prefix)
        .Add("dependsOn", Manifest.DependsOn)
        .Add("buildPackages", Manifest.BuildPackages.Order(StringComparer.Ordinal))
        .Compute();
}

/// <summary>The declarations in <c>recipe.json</c>.</summary>
public sealed class RecipeManifest
{
    /// <summary>
    /// <c>archive</c> (the default): the component's source is a pinned archive. <c>recipe</c>: the
    /// recipe folder holds the source itself (a tool the SDK ships), pinned by the recipe's digest.
    /// </summary>
    public string Source { get; set; } = "archive";

    /// <summary>The version of a component whose source is the recipe itself.</summary>
    public string? Version { get; set; }

    /// <summary>True when the recipe folder is the component's source.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool SourceIsRecipe => string.Equals(Source, "recipe", StringComparison.OrdinalIgnoreCase);

    /// <summary>Default install prefix inside the image.</summary>
    public string? Prefix { get; set; }

    /// <summary>Components this one builds against unless the project says otherwise.</summary>
    public List<string> DependsOn { get; set; } = [];

    /// <summary>Distribution packages the build needs in the builder image.</summary>
    public List<string> BuildPackages { get; set; } = [];

    /// <summary>Distribution packages the installed files need at run time.</summary>
    public List<string> RuntimePackages { get; set; } = [];

    /// <summary>
    /// Paths below the prefix that dependents build against but the image does not need (headers,
    /// static libraries, pkg-config files): a folder, a file, or a pattern with <c>*</c> in its last
    /// part, such as <c>lib64/*.a</c>. Left out of the image, kept in the install tree.
    /// </summary>
    public List<string> ImageExclude { get; set; } = [];
}

/// <summary>Names of distribution (Debian and Ubuntu) packages.</summary>
public static class DistributionPackage
{
    /// <summary>Debian policy: lower-case letters, digits, '+', '-', '.', starting with a letter or digit.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: >= 2 and <= 128 }
        && (char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '+' or '-' or '.');
}
