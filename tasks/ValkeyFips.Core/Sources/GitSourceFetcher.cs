// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Formats.Tar;
using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;
using ValkeyFips.Core.Engine;

namespace ValkeyFips.Core.Sources;

/// <summary>
/// Brings a tagged commit of a git repository into the cache as a plain source tree,
/// <c>git/&lt;commit&gt;/</c>. The tag must resolve to the pinned commit: a tag that moved is a
/// supply-chain alarm, not something to follow. Like archives, a tree appears in the cache only
/// by an atomic rename once complete, and a cached commit needs no network.
/// </summary>
public sealed class GitSourceFetcher
{
    private readonly SourceCache _cache;
    private readonly IBuildLog _log;

    public GitSourceFetcher(SourceCache cache, IBuildLog log)
    {
        _cache = cache;
        _log = log;
    }

    public string TreePath(GitSource git) => Path.Combine(_cache.Root, "git", git.Commit);

    public async Task<FetchedSource> FetchAsync(ResolvedComponent component, CancellationToken cancellationToken)
    {
        var git = component.Git ?? throw new ArgumentException("not a git component", nameof(component));
        var tree = TreePath(git);
        if (Directory.Exists(tree))
        {
            return new FetchedSource(component, tree, git.Repository, FromCache: true);
        }

        var staging = _cache.CreateTempDirectory();
        try
        {
            var repository = Path.Combine(staging, "repository.git");
            _log.Info($"{component.Name}: fetching tag {git.Tag} of {git.Repository}");
            await GitAsync(component, staging, cancellationToken, "init", "--quiet", "--bare", repository).ConfigureAwait(false);
            await GitAsync(
                component, repository, cancellationToken,
                "fetch", "--quiet", "--no-tags", "--depth", "1", git.Repository, $"+refs/tags/{git.Tag}:refs/tags/{git.Tag}")
                .ConfigureAwait(false);
            var resolved = (await GitAsync(component, repository, cancellationToken, "rev-parse", $"refs/tags/{git.Tag}^{{commit}}")
                .ConfigureAwait(false)).Trim();
            if (!string.Equals(resolved, git.Commit, StringComparison.OrdinalIgnoreCase))
            {
                throw new VfException(
                    ErrorCodes.GitTagMoved,
                    $"Tag {git.Tag} of '{git.Repository}' (component '{component.Name}') now names commit {resolved}, but "
                    + $"the project pins {git.Commit}. A tag that moves can mean a compromised repository: find out "
                    + "why before you change GitCommit. Nothing was built or cached.");
            }

            var archive = Path.Combine(staging, "tree.tar");
            await GitAsync(component, repository, cancellationToken, "archive", "--format=tar", "-o", archive, git.Commit)
                .ConfigureAwait(false);
            var export = Path.Combine(staging, "tree");
            Directory.CreateDirectory(export);
            await TarFile.ExtractToDirectoryAsync(archive, export, overwriteFiles: false, cancellationToken).ConfigureAwait(false);

            Directory.CreateDirectory(Path.GetDirectoryName(tree)!);
            try
            {
                Directory.Move(export, tree);
            }
            catch (IOException) when (Directory.Exists(tree))
            {
                // Another build stored the same commit first.
            }

            _log.Info($"{component.Name}: tag {git.Tag} is commit {git.Commit[..12]} as pinned");
            return new FetchedSource(component, tree, git.Repository, FromCache: false);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static async Task<string> GitAsync(
        ResolvedComponent component, string workingDirectory, CancellationToken cancellationToken, params string[] arguments)
    {
        var output = new System.Text.StringBuilder();
        var all = new List<string> { "-C", workingDirectory, "-c", "advice.detachedHead=false" };
        all.AddRange(arguments);
        var exit = await ProcessRunner.RunAsync("git", all, line => output.AppendLine(line), cancellationToken).ConfigureAwait(false);
        if (exit is null)
        {
            throw new VfException(
                ErrorCodes.GitFetchFailed,
                $"Component '{component.Name}' comes from git, and git is not installed. Install it ('apt-get install git').");
        }

        if (exit != 0)
        {
            throw new VfException(
                ErrorCodes.GitFetchFailed,
                $"git {arguments[0]} failed for component '{component.Name}' ({component.Git!.Repository}, tag "
                + $"{component.Git.Tag}): {output.ToString().Trim()}. Check the repository location and that the tag exists.");
        }

        return output.ToString();
    }
}
