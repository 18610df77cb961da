// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using Microsoft.Build.Framework;
using ValkeyFips.Core.Build;
using ValkeyFips.Core.Engine;
using ValkeyFips.Core.Sources;

namespace ValkeyFips.Tasks;

/// <summary>
/// Makes the base image and the builder images, then builds every component that is not already in
/// the cache, each in its own container.
/// </summary>
public sealed class BuildComponents : ComponentTask
{
    /// <summary>The shared cache folder (install trees live under it).</summary>
    [Required]
    public string CacheDirectory { get; set; } = string.Empty;

    /// <summary>Where each component's full build log is written.</summary>
    [Required]
    public string LogDirectory { get; set; } = string.Empty;

    /// <summary>A folder for temporary files (the base image's root filesystem tarball).</summary>
    [Required]
    public string ScratchDirectory { get; set; } = string.Empty;

    /// <summary>An image reference to start from; empty for a Debian base made here.</summary>
    public string? BaseImage { get; set; }

    /// <summary>The Debian suite of a made base.</summary>
    public string DebianSuite { get; set; } = "bookworm";

    /// <summary>APT source lines a made base is bootstrapped from.</summary>
    public string[] AptSources { get; set; } = [];

    /// <summary>The components with <c>TreeDirectory</c> and <c>CacheKey</c> metadata.</summary>
    [Output]
    public ITaskItem[] BuiltComponents { get; private set; } = [];

    /// <summary>The id of the base image.</summary>
    [Output]
    public string BaseImageId { get; private set; } = string.Empty;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var graph = LoadGraph();
        var hashes = graph.ComputeInputHashes();
        using var engine = await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await engine.RemoveOrphansAsync(BuildLog, cancellationToken).ConfigureAwait(false);
        var images = new BaseImages(engine, ScratchDirectory, BuildLog);
        BaseImageId = await images.EnsureBaseAsync(BaseSpec(), cancellationToken).ConfigureAwait(false);

        var builders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var component in graph.Order)
        {
            builders[component.Name] = await images.EnsurePackagesAsync(
                BaseImageId, component.Recipe.Manifest.BuildPackages, "builder", cancellationToken).ConfigureAwait(false);
        }

        var sources = graph.Order.ToDictionary(
            c => c.Name,
            c => new FetchedSource(c, ItemFor(c.Name).GetMetadata("SourcePath"), ItemFor(c.Name).GetMetadata("SourceOrigin"), true),
            StringComparer.OrdinalIgnoreCase);
        var builder = new ComponentBuilder(engine, CacheDirectory, LogDirectory, BuildLog) { ContainerUser = HostUser.Current };
        var built = await builder.BuildAllAsync(graph, sources, builders, cancellationToken).ConfigureAwait(false);

        BuiltComponents = graph.Order.Select(c =>
        {
            var item = ToItem(c, hashes[c.Name]);
            item.SetMetadata("TreeDirectory", built[c.Name].TreeDirectory);
            item.SetMetadata("CacheKey", built[c.Name].InputHash);
            return item;
        }).ToArray();
    }

    internal BaseImageSpec BaseSpec() => new()
    {
        Reference = string.IsNullOrWhiteSpace(BaseImage) ? null : BaseImage.Trim(),
        Suite = DebianSuite,
        AptSources = AptSources,
    };
}
