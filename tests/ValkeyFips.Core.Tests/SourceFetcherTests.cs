// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;
using ValkeyFips.Core.Sources;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed class SourceFetcherTests
{
    private readonly TestDirectory _directory = new();
    private readonly HttpClient _http = new();

    [TestCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _directory.Dispose();
    }

    [TestMethod]
    public async Task ArchiveFromALocalFeedIsVerifiedAndCached()
    {
        var (component, _) = Archive("lib-1.0.tar.gz", "the archive");
        var fetcher = Fetcher(_directory.Combine("feed"));

        var first = await fetcher.FetchAsync(component, CancellationToken.None);
        var second = await fetcher.FetchAsync(component, CancellationToken.None);

        Assert.IsFalse(first.FromCache);
        Assert.AreEqual(_directory.Combine("feed", "lib-1.0.tar.gz"), first.Origin);
        Assert.IsTrue(second.FromCache);
        Assert.AreEqual("the archive", await File.ReadAllTextAsync(second.Path));
        StringAssert.Contains(second.Path, component.Sha256);
    }

    [TestMethod]
    public async Task WrongDigestIsRefusedAndNothingIsCached()
    {
        var (component, _) = Archive("lib-1.0.tar.gz", "tampered");
        component = component with { Sha256 = Sha256Digest.Of("original") };
        var fetcher = Fetcher(_directory.Combine("feed"));

        var error = await Assert.ThrowsExactlyAsync<VfException>(() => fetcher.FetchAsync(component, CancellationToken.None));

        Assert.AreEqual(ErrorCodes.ChecksumMismatch, error.Code);
        StringAssert.Contains(error.Message, component.Sha256);
        StringAssert.Contains(error.Message, Sha256Digest.Of("tampered"));
        StringAssert.Contains(error.Message, _directory.Combine("feed", "lib-1.0.tar.gz"));
        StringAssert.Contains(error.Message, "'lib'");
        AssertCacheHoldsNothing();
    }

    [TestMethod]
    public async Task FeedsAreTriedInOrderThenTheUrl()
    {
        Directory.CreateDirectory(_directory.Combine("empty"));
        var (component, _) = Archive("lib-1.0.tar.gz", "from http");
        using var server = new LocalHttpServer(_directory.Combine("feed"));
        component = component with { Url = server.BaseUrl + "lib-1.0.tar.gz" };

        var fetched = await Fetcher(_directory.Combine("empty")).FetchAsync(component, CancellationToken.None);

        Assert.AreEqual(component.Url, fetched.Origin);
        Assert.AreEqual("from http", await File.ReadAllTextAsync(fetched.Path));
    }

    [TestMethod]
    public async Task HttpFeedIsSearchedByFileName()
    {
        var (component, _) = Archive("lib-1.0.tar.gz", "from feed");
        using var server = new LocalHttpServer(_directory.Combine("feed"));

        var fetched = await Fetcher(server.BaseUrl).FetchAsync(component, CancellationToken.None);

        Assert.AreEqual(server.BaseUrl + "lib-1.0.tar.gz", fetched.Origin);
    }

    [TestMethod]
    public async Task ArchiveInNoFeedIsACodedErrorListingWhereItLooked()
    {
        Directory.CreateDirectory(_directory.Combine("empty"));
        var (component, _) = Archive("lib-1.0.tar.gz", "x");
        component = component with { FileName = "missing-1.0.tar.gz", Url = null };

        var error = await Assert.ThrowsExactlyAsync<VfException>(
            () => Fetcher(_directory.Combine("empty")).FetchAsync(component, CancellationToken.None));

        Assert.AreEqual(ErrorCodes.SourceNotFound, error.Code);
        StringAssert.Contains(error.Message, _directory.Combine("empty", "missing-1.0.tar.gz"));
        StringAssert.Contains(error.Message, "ValkeyFipsSourceFeeds");
    }

    [TestMethod]
    public async Task InterruptedDownloadLeavesNothingALaterBuildTrusts()
    {
        var (component, _) = Archive("lib-1.0.tar.gz", new string('x', 1 << 20));
        using var server = new LocalHttpServer(_directory.Combine("feed"));
        server.CutOff.Add("lib-1.0.tar.gz");

        await Assert.ThrowsExactlyAsync<VfException>(() => Fetcher(server.BaseUrl).FetchAsync(component, CancellationToken.None));
        AssertCacheHoldsNothing();

        server.CutOff.Clear();
        var fetched = await Fetcher(server.BaseUrl).FetchAsync(component, CancellationToken.None);
        Assert.AreEqual(1 << 20, new FileInfo(fetched.Path).Length);
    }

    [TestMethod]
    public async Task CancelledFetchLeavesNothingBehind()
    {
        var (component, _) = Archive("lib-1.0.tar.gz", "x");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(
            () => Fetcher(_directory.Combine("feed")).FetchAsync(component, cancelled.Token));
        AssertCacheHoldsNothing();
    }

    [TestMethod]
    public void StaleDownloadFoldersAreSwept()
    {
        var cache = new SourceCache(_directory.Combine("cache"));
        var stale = cache.CreateTempDirectory();
        Directory.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));

        cache.CreateTempDirectory();

        Assert.IsFalse(Directory.Exists(stale));
    }

    private SourceFetcher Fetcher(params string[] feeds) =>
        new(new SourceCache(_directory.Combine("cache")), feeds, NullBuildLog.Instance, _http);

    private (ResolvedComponent Component, string Path) Archive(string fileName, string content)
    {
        var path = _directory.Write(Path.Combine("feed", fileName), content);
        var recipe = Fixtures.Recipe(_directory, "recipe");
        var component = Fixtures.Resolver(_directory.Path).Resolve(
        [
            new ComponentReference("lib") { Version = "1.0", FileName = fileName, Sha256 = Sha256Digest.Of(content), Recipe = recipe },
        ]).Single();
        return (component, path);
    }

    private void AssertCacheHoldsNothing()
    {
        var sources = _directory.Combine("cache", "sources");
        Assert.IsFalse(Directory.Exists(sources) && Directory.EnumerateFileSystemEntries(sources).Any(), "no cache entry");
        var temp = _directory.Combine("cache", "tmp");
        Assert.IsFalse(Directory.Exists(temp) && Directory.EnumerateFileSystemEntries(temp).Any(), "no download left");
    }
}
