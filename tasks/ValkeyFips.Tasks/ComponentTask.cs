// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ValkeyFips.Core.Components;

namespace ValkeyFips.Tasks;

/// <summary>
/// Base of the tasks that work on the project's components. Each of them resolves the
/// <c>ComponentReference</c> items again (resolution is cheap and gives the same answer for items
/// that already carry resolved metadata), so no task depends on state kept between tasks.
/// </summary>
public abstract class ComponentTask : VfTask
{
    /// <summary>The <c>ComponentReference</c> items, or the items an earlier SDK task returned.</summary>
    [Required]
    public ITaskItem[] Components { get; set; } = [];

    /// <summary>The catalog of known components; empty for none.</summary>
    public string? CatalogPath { get; set; }

    /// <summary>The folder that holds the SDK's recipes.</summary>
    [Required]
    public string RecipesDirectory { get; set; } = string.Empty;

    /// <summary>The folder relative paths in the project are resolved against.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>Resolves the items and orders them; throws a coded error on bad input.</summary>
    protected BuildGraph LoadGraph()
    {
        var catalog = string.IsNullOrEmpty(CatalogPath) ? Catalog.Empty : Catalog.Load(CatalogPath);
        var resolver = new ComponentResolver(catalog, ProjectDirectory, RecipesDirectory);
        return BuildGraph.Create(resolver.Resolve(Components.Select(FromItem)));
    }

    /// <summary>The item that came in for a component, to carry its metadata on.</summary>
    protected ITaskItem ItemFor(string name) =>
        Components.First(i => string.Equals(i.ItemSpec, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a component reference from item metadata.</summary>
    protected static ComponentReference FromItem(ITaskItem item)
    {
        string? Get(string name) => item.GetMetadata(name) is { Length: > 0 } value ? value : null;
        var dependsOn = Get("DependsOn");
        return new ComponentReference(item.ItemSpec)
        {
            Version = Get("Version"),
            Sha256 = Get("Sha256"),
            Url = Get("Url"),
            FileName = Get("ArchiveFileName"),
            DependsOn = dependsOn is null ? null : SplitList(dependsOn),
            Recipe = Get("Recipe"),
            Prefix = Get("Prefix"),
            BuildOptions = Get("BuildOptions"),
            GitRepository = Get("GitRepository"),
            GitTag = Get("GitTag"),
            GitCommit = Get("GitCommit"),
            SecretFile = Get("SecretFile"),
            SecretEnvironmentVariable = Get("SecretEnvironmentVariable"),
        };
    }

    /// <summary>An output item for a resolved component, carrying the original item's metadata too.</summary>
    protected ITaskItem ToItem(ResolvedComponent component, string inputHash)
    {
        var item = new TaskItem(component.Name);
        ItemFor(component.Name).CopyMetadataTo(item);
        item.SetMetadata("Version", component.Version);
        item.SetMetadata("Sha256", component.Sha256);
        item.SetMetadata("Url", component.Url ?? string.Empty);
        item.SetMetadata("ArchiveFileName", component.FileName);
        item.SetMetadata("DependsOn", string.Join(';', component.DependsOn));
        item.SetMetadata("Recipe", component.Recipe.Directory);
        item.SetMetadata("Prefix", component.Prefix);
        item.SetMetadata("BuildOptions", component.BuildOptions);
        item.SetMetadata("InputHash", inputHash);
        if (component.Git is { } git)
        {
            item.SetMetadata("GitRepository", git.Repository);
            item.SetMetadata("GitTag", git.Tag);
            item.SetMetadata("GitCommit", git.Commit);
        }

        item.SetMetadata("BuildPackages", string.Join(';', component.Recipe.Manifest.BuildPackages));
        item.SetMetadata("RuntimePackages", string.Join(';', component.Recipe.Manifest.RuntimePackages));
        item.SetMetadata("FipsStatus", component.Fips?.Status ?? string.Empty);
        item.SetMetadata("FipsCertificate", component.Fips?.Certificate ?? string.Empty);
        item.SetMetadata("Known", component.Known ? "true" : "false");
        return item;
    }
}
