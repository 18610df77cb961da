// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using Microsoft.Build.Framework;
using ValkeyFips.Core.Build;
using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;
using ValkeyFips.Core.Engine;
using ValkeyFips.Core.Fips;
using ValkeyFips.Core.Sources;

namespace ValkeyFips.Tasks;

/// <summary>
/// Prints the build plan: components in order, sources, pins and cache state. Builds nothing and
/// needs neither network nor licence; unpinned archives are reported instead of refused.
/// </summary>
public sealed class WritePlan : ComponentTask
{
    /// <summary>Local folders and http(s) URLs searched before each Url.</summary>
    public string[] SourceFeeds { get; set; } = [];

    /// <summary>The shared cache folder.</summary>
    [Required]
    public string CacheDirectory { get; set; } = string.Empty;

    /// <summary>The value of <c>ValkeyFipsCryptoModule</c>.</summary>
    [Required]
    public string CryptoModule { get; set; } = string.Empty;

    /// <summary>An image reference to start from; empty for a Debian base made here.</summary>
    public string? BaseImage { get; set; }

    /// <summary>The Debian suite of a made base.</summary>
    public string DebianSuite { get; set; } = "bookworm";

    /// <summary>APT source lines a made base is bootstrapped from.</summary>
    public string[] AptSources { get; set; } = [];

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var catalog = string.IsNullOrEmpty(CatalogPath) ? Catalog.Empty : Catalog.Load(CatalogPath);
        var resolver = new ComponentResolver(catalog, ProjectDirectory, RecipesDirectory) { RequirePins = false };
        var graph = BuildGraph.Create(resolver.Resolve(Components.Select(FromItem)));
        var module = Core.Fips.CryptoModule.Find(CryptoModule);
        string statement;
        try
        {
            statement = module.Assess(graph.Order, catalog, allowNonValidated: true).Statement;
        }
        catch (VfException e) when (e.Code == ErrorCodes.ComponentMissingForModule)
        {
            statement = $"{module.Name}: {e.Message}";
        }

        var feeds = SourceFeeds.Where(f => !string.IsNullOrWhiteSpace(f))
            .Select(f => f.Contains("://", StringComparison.Ordinal) ? f : Path.GetFullPath(f, ProjectDirectory))
            .ToList();
        var baseSpec = new BaseImageSpec
        {
            Reference = string.IsNullOrWhiteSpace(BaseImage) ? null : BaseImage.Trim(),
            Suite = DebianSuite,
            AptSources = AptSources,
        };

        DockerEngine? engine = null;
        try
        {
            engine = await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (VfException e) when (e.Code == ErrorCodes.EngineUnavailable)
        {
            // A plan is useful without an engine; it then says what it cannot know.
        }

        using (engine)
        {
            var images = engine is null ? null : new BaseImages(engine, Path.GetTempPath(), BuildLog);
            var plan = await BuildPlan.DescribeAsync(
                graph, feeds, new SourceCache(CacheDirectory), baseSpec, images, statement, cancellationToken).ConfigureAwait(false);
            BuildLog.Info($"Build plan ({graph.Order.Count} components, {module.Name}):");
            foreach (var line in plan.TrimEnd().Split('\n'))
            {
                BuildLog.Info(line);
            }

            var unpinned = graph.Order.Where(c => !c.Pinned).Select(c => c.Name).ToList();
            if (unpinned.Count > 0)
            {
                BuildLog.Warning(
                    ErrorCodes.UnpinnedSource,
                    $"Not pinned yet: {string.Join(", ", unpinned)}. A build refuses them until each has its Sha256.");
            }
        }
    }
}
