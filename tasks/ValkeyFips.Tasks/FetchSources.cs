// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Net;
using Microsoft.Build.Framework;
using ValkeyFips.Core.Components;
using ValkeyFips.Core.Sources;

namespace ValkeyFips.Tasks;

/// <summary>
/// Brings every component's archive into the verified source cache, from the source feeds in
/// order and then from its URL, and records where each came from in the lock file.
/// </summary>
public sealed class FetchSources : ComponentTask
{
    /// <summary>Local folders (relative to the project) and http(s) URLs, tried in order.</summary>
    public string[] SourceFeeds { get; set; } = [];

    /// <summary>The shared cache folder.</summary>
    [Required]
    public string CacheDirectory { get; set; } = string.Empty;

    /// <summary>The lock file to update; empty to leave lock files alone.</summary>
    public string? LockFilePath { get; set; }

    /// <summary>In locked mode the lock file is read, never written.</summary>
    public bool LockedMode { get; set; }

    /// <summary>The components with <c>SourcePath</c> and <c>SourceOrigin</c> metadata.</summary>
    [Output]
    public ITaskItem[] FetchedComponents { get; private set; } = [];

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var graph = LoadGraph();
        var hashes = graph.ComputeInputHashes();
        var feeds = SourceFeeds
            .Where(f => !string.IsNullOrWhiteSpace(f))
            .Select(f => f.Contains("://", StringComparison.Ordinal) ? f : Path.GetFullPath(f, ProjectDirectory))
            .ToList();
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(20),
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("ValkeyFips.Sdk");
        var fetcher = new SourceFetcher(new SourceCache(CacheDirectory), feeds, BuildLog, http);

        var lockFile = new LockFile();
        var items = new List<ITaskItem>();
        foreach (var component in graph.Order)
        {
            var fetched = await fetcher.FetchAsync(component, cancellationToken).ConfigureAwait(false);
            var origin = Portable(fetched.FromCache && !component.SourceIsRecipe && component.Git is null
                ? fetcher.PlannedOrigin(component)
                : fetched.Origin);
            var item = ToItem(component, hashes[component.Name]);
            item.SetMetadata("SourcePath", fetched.Path);
            item.SetMetadata("SourceOrigin", origin);
            items.Add(item);
            lockFile.Components[component.Name] = new LockedComponent
            {
                Version = component.Version,
                Sha256 = component.Git is null ? component.Sha256 : null,
                Commit = component.Git?.Commit,
                Source = origin,
                InputHash = hashes[component.Name],
            };
        }

        if (!LockedMode && !string.IsNullOrEmpty(LockFilePath) && lockFile.WriteIfChanged(LockFilePath))
        {
            BuildLog.Info($"lock file: wrote {LockFilePath}");
        }

        FetchedComponents = items.ToArray();
    }

    /// <summary>
    /// A local feed path as the lock file records it: relative to the lock file, so that the file
    /// means the same on every machine that checks the project out.
    /// </summary>
    private string Portable(string origin)
    {
        if (origin.Contains("://", StringComparison.Ordinal) || string.IsNullOrEmpty(LockFilePath))
        {
            return origin;
        }

        var lockDirectory = Path.GetDirectoryName(Path.GetFullPath(LockFilePath))!;
        return Path.GetRelativePath(lockDirectory, origin).Replace('\\', '/');
    }
}
