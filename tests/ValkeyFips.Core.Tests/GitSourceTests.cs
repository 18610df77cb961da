// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Diagnostics;
using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;
using ValkeyFips.Core.Sources;

namespace ValkeyFips.Core.Tests;

/// <summary>Git sources against a real repository made with the git command line.</summary>
[TestClass]
public sealed class GitSourceTests
{
    private readonly TestDirectory _directory = new();

    [TestCleanup]
    public void Cleanup() => _directory.Dispose();

    [TestMethod]
    public async Task TagThatResolvesToThePinIsExportedAndCachedByCommit()
    {
        var (repository, commit) = Repository("v1.1.0");
        var component = Resolve(repository, "v1.1.0", commit);

        var first = await Fetcher().FetchAsync(component, CancellationToken.None);
        Directory.Delete(repository, recursive: true);
        var second = await Fetcher().FetchAsync(component, CancellationToken.None);

        Assert.IsFalse(first.FromCache);
        Assert.IsTrue(second.FromCache, "a cached commit needs no repository");
        Assert.AreEqual("provider source v1\n", File.ReadAllText(Path.Combine(second.Path, "provider.c")));
        Assert.IsFalse(Directory.Exists(Path.Combine(second.Path, ".git")));
        StringAssert.EndsWith(second.Path, commit);
    }

    [TestMethod]
    public async Task MovedTagIsAnAlarmAndNothingIsCached()
    {
        var (repository, pinned) = Repository("v1.1.0");
        File.WriteAllText(Path.Combine(repository, "provider.c"), "something else\n");
        Git(repository, "commit", "-qam", "moved");
        Git(repository, "tag", "-f", "v1.1.0");

        var error = await Assert.ThrowsExactlyAsync<VfException>(
            () => Fetcher().FetchAsync(Resolve(repository, "v1.1.0", pinned), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.GitTagMoved, error.Code);
        StringAssert.Contains(error.Message, pinned);
        Assert.IsFalse(Directory.Exists(_directory.Combine("cache", "git")), "no tree cached");
        Assert.AreEqual(0, Directory.GetDirectories(_directory.Combine("cache", "tmp")).Length, "no download left");
    }

    [TestMethod]
    public async Task MissingTagIsACodedError()
    {
        var (repository, commit) = Repository("v1.1.0");

        var error = await Assert.ThrowsExactlyAsync<VfException>(
            () => Fetcher().FetchAsync(Resolve(repository, "v9.9.9", commit), CancellationToken.None));

        Assert.AreEqual(ErrorCodes.GitFetchFailed, error.Code);
        StringAssert.Contains(error.Message, "v9.9.9");
    }

    [TestMethod]
    public void ShortOrMissingCommitPinIsRefused()
    {
        var (repository, commit) = Repository("v1.1.0");

        var missing = Assert.ThrowsExactly<VfException>(() => Resolve(repository, "v1.1.0", null));
        var shortPin = Assert.ThrowsExactly<VfException>(() => Resolve(repository, "v1.1.0", commit[..12]));

        Assert.AreEqual(ErrorCodes.InvalidGitSource, missing.Code);
        Assert.AreEqual(ErrorCodes.InvalidGitSource, shortPin.Code);
        StringAssert.Contains(shortPin.Message, "full commit id");
    }

    [TestMethod]
    public void CatalogPinsWolfProviderByCommit()
    {
        var component = Fixtures.Resolver().Resolve(
        [
            new ComponentReference("openssl") { Version = "3.0.20" },
            new ComponentReference("wolfssl") { Version = "5.7.2" },
            new ComponentReference("wolfprovider") { Version = "1.1.0" },
        ]).Single(c => c.Name == "wolfprovider");

        Assert.AreEqual("f8f432408f2c6f446a9e5bd9330577d2c2e1ed4f", component.Git!.Commit);
        Assert.AreEqual("v1.1.0", component.Git.Tag);
    }

    private SourceFetcher Fetcher() =>
        new(new SourceCache(_directory.Combine("cache")), [], NullBuildLog.Instance, new HttpClient());

    private ResolvedComponent Resolve(string repository, string tag, string? commit)
    {
        var recipe = Fixtures.Recipe(_directory, "recipe");
        return Fixtures.Resolver(_directory.Path).Resolve(
        [
            new ComponentReference("provider")
            {
                Version = "1.1.0", GitRepository = repository, GitTag = tag, GitCommit = commit, Recipe = recipe,
            },
        ]).Single();
    }

    private (string Path, string Commit) Repository(string tag)
    {
        var path = _directory.Combine("repository");
        Directory.CreateDirectory(path);
        Git(path, "init", "-q");
        File.WriteAllText(Path.Combine(path, "provider.c"), "provider source v1\n");
        Git(path, "add", ".");
        Git(path, "commit", "-qm", "first");
        Git(path, "tag", "-a", tag, "-m", "release");
        return (path, Git(path, "rev-parse", "HEAD").Trim());
    }

    private static string Git(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["GIT_AUTHOR_NAME"] = info.Environment["GIT_COMMITTER_NAME"] = "test";
        info.Environment["GIT_AUTHOR_EMAIL"] = info.Environment["GIT_COMMITTER_EMAIL"] = "test@example.invalid";
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"git {string.Join(' ', arguments)}: {error}");
        return output;
    }
}
