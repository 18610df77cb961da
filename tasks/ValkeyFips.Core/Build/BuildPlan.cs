// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Text;
using ValkeyFips.Core.Components;
using ValkeyFips.Core.Engine;
using ValkeyFips.Core.Sources;

namespace ValkeyFips.Core.Build;

/// <summary>
/// What a build would do, without doing it: components in build order, where each source would
/// come from and what pins it, and what the cache already holds. Reads the engine when one
/// answers, and changes nothing.
/// </summary>
public static class BuildPlan
{
    public static async Task<string> DescribeAsync(
        BuildGraph graph,
        IReadOnlyList<string> feeds,
        SourceCache cache,
        BaseImageSpec baseImage,
        BaseImages? images,
        string moduleStatement,
        CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.AppendLine($"  FIPS module:  {moduleStatement}");

        var baseId = images is null ? null : await images.FindBaseAsync(baseImage, cancellationToken).ConfigureAwait(false);
        var engineState = images is null ? "no Docker engine answers: image state unknown"
            : baseId is not null ? $"in the engine ({baseId.Replace("sha256:", string.Empty, StringComparison.Ordinal)[..12]})"
            : baseImage.Reference is not null ? "not in the engine: would be pulled"
            : "not made yet: would be made with mmdebstrap";
        text.AppendLine($"  base image:   {baseImage.Describe()} [{engineState}]");

        var builders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (images is not null && baseId is not null)
        {
            foreach (var component in graph.Order)
            {
                var builder = await images.FindPackagesAsync(baseId, component.Recipe.Manifest.BuildPackages, "builder", cancellationToken)
                    .ConfigureAwait(false);
                if (builder is not null)
                {
                    builders[component.Name] = builder;
                }
            }
        }

        var keys = builders.Count == graph.Order.Count ? ComponentBuilder.ComputeCacheKeys(graph, builders) : null;
        var trees = Path.Combine(cache.Root, "trees");
        var inputs = graph.ComputeInputHashes();
        var step = 0;
        foreach (var component in graph.Order)
        {
            step++;
            text.AppendLine($"  {step}. {component.Name} {component.Version}  (recipe {component.Recipe.Name}, prefix {component.Prefix})");
            if (component.DependsOn.Count > 0)
            {
                text.AppendLine($"       after:   {string.Join(", ", component.DependsOn)}");
            }

            text.AppendLine($"       source:  {Source(component, feeds)}");
            text.AppendLine($"       pin:     {Pin(component)}");
            if (component.Fips is { } fips)
            {
                text.AppendLine($"       FIPS:    {(fips.IsValidated ? $"validated, {fips.Standard} certificate #{fips.Certificate}" : "no CMVP certificate for this version")}");
            }

            var sourceState = SourceCached(component, cache) ? "source cached" : "source not cached";
            var treeState = keys is null ? "install tree: unknown until the builder image exists"
                : Directory.Exists(Path.Combine(trees, keys[component.Name])) ? "install tree cached (no container will start)"
                : "install tree not built";
            text.AppendLine($"       cache:   {sourceState}; {treeState}");
            text.AppendLine($"       inputs:  {inputs[component.Name]}");
        }

        return text.ToString();
    }

    private static string Source(ResolvedComponent component, IReadOnlyList<string> feeds)
    {
        if (component.SourceIsRecipe)
        {
            return $"shipped with the SDK ({component.Recipe.Directory})";
        }

        if (component.Git is { } git)
        {
            return $"git {git.Repository} tag {git.Tag}";
        }

        var local = feeds.Where(f => !f.Contains("://", StringComparison.Ordinal))
            .Select(f => Path.Combine(f, component.FileName))
            .FirstOrDefault(File.Exists);
        var places = new List<string>();
        if (local is not null)
        {
            places.Add(local);
        }

        places.AddRange(feeds.Where(f => f.Contains("://", StringComparison.Ordinal)).Select(f => $"{f.TrimEnd('/')}/{component.FileName}"));
        if (component.Url is not null)
        {
            places.Add(component.Url);
        }

        return places.Count == 0 ? $"{component.FileName} (in no feed, and no Url)" : string.Join(" | ", places);
    }

    private static string Pin(ResolvedComponent component) =>
        component.Git is { } git ? $"commit {git.Commit}"
        : component.SourceIsRecipe ? $"recipe digest {component.Sha256}"
        : component.Pinned ? $"sha256 {component.Sha256}"
        : "NOT PINNED: add Sha256 metadata (sha256sum of the archive you were given) before building";

    private static bool SourceCached(ResolvedComponent component, SourceCache cache) =>
        component.SourceIsRecipe
        || (component.Git is { } git ? Directory.Exists(Path.Combine(cache.Root, "git", git.Commit))
            : component.Pinned && cache.Find(component.Sha256, component.FileName) is not null);
}
