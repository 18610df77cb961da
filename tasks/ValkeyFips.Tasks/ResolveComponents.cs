// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using Microsoft.Build.Framework;
using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Tasks;

/// <summary>
/// Resolves the project's components against the catalog and their recipes, orders them for the
/// build and, in locked mode, checks them against the lock file.
/// </summary>
public sealed class ResolveComponents : ComponentTask
{
    /// <summary>The lock file beside the project.</summary>
    public string? LockFilePath { get; set; }

    /// <summary>Fail when the project and the lock file disagree, instead of updating the lock file.</summary>
    public bool LockedMode { get; set; }

    /// <summary>The components in build order, with every resolved value as metadata.</summary>
    [Output]
    public ITaskItem[] ResolvedComponents { get; private set; } = [];

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (Components.Length == 0)
        {
            throw new VfException(
                ErrorCodes.InvalidProperty,
                "The project references no components. Add ComponentReference items (openssl, valkey, ...).");
        }

        var graph = LoadGraph();
        var hashes = graph.ComputeInputHashes();
        if (LockedMode)
        {
            CheckLock(graph, hashes);
        }

        ResolvedComponents = graph.Order.Select(c => ToItem(c, hashes[c.Name])).ToArray();
        return Task.CompletedTask;
    }

    private void CheckLock(BuildGraph graph, IReadOnlyDictionary<string, string> hashes)
    {
        var path = LockFilePath ?? LockFile.DefaultName;
        var locked = LockFile.Read(path) ?? throw new VfException(
            ErrorCodes.LockFileMismatch,
            $"ValkeyFipsLockedMode is true but there is no lock file at '{path}'. Build once without "
            + "locked mode to write it, and commit it with the project.");

        var now = new LockFile();
        foreach (var component in graph.Order)
        {
            now.Components[component.Name] = new LockedComponent
            {
                Version = component.Version,
                Sha256 = component.Git is null ? component.Sha256 : null,
                Commit = component.Git?.Commit,
                InputHash = hashes[component.Name],
            };
        }

        var differences = locked.Differences(now);
        if (differences.Count > 0)
        {
            throw new VfException(
                ErrorCodes.LockFileMismatch,
                $"The project does not match its lock file '{path}': {string.Join("; ", differences)}. If the "
                + "change is intended, build without ValkeyFipsLockedMode to update the lock file, review it "
                + "and commit it.");
        }
    }
}
