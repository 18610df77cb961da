// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.TestSupport;

namespace ValkeyFips.Targets.Tests;

/// <summary>
/// Each kind of bad input gets its coded error and leaves nothing behind: no cache entry, no
/// install tree, no lock file.
/// </summary>
[TestClass]
public sealed class BadInputTests
{
    private const string BuildTarget = "ValkeyFipsBuildComponents";

    [TestMethod]
    public async Task WrongSha256()
    {
        using var project = FixtureComponent.Project();
        Pin(project, "Sha256", new string('0', 64));

        await AssertFailsCleanly(project, "VF2001", "0000000000000000000000000000000000000000000000000000000000000000");
    }

    [TestMethod]
    public async Task MissingSha256()
    {
        using var project = FixtureComponent.Project();
        Pin(project, "Sha256", string.Empty);

        await AssertFailsCleanly(project, "VF1001", "Sha256");
    }

    [TestMethod]
    public async Task UnknownComponentWithoutUrl()
    {
        using var project = FixtureComponent.Project();
        Pin(project, "ArchiveFileName", string.Empty);

        await AssertFailsCleanly(project, "VF1002", "Url");
    }

    [TestMethod]
    public async Task DependsOnCycle()
    {
        using var project = FixtureComponent.Project();
        project.AddItem("ComponentReference", "other", Metadata(project, ("DependsOn", "hello"), ("Prefix", "/opt/other")));
        Pin(project, "DependsOn", "other");

        await AssertFailsCleanly(project, "VF1003", "other -> hello -> other");
    }

    [TestMethod]
    public async Task SourceInNoFeed()
    {
        using var project = FixtureComponent.Project();
        project.SetProperty("ValkeyFipsSourceFeeds", "empty-feed");
        Directory.CreateDirectory(Path.Combine(project.Directory, "empty-feed"));

        await AssertFailsCleanly(project, "VF2002", "empty-feed");
    }

    [TestMethod]
    public async Task NoDockerEngine()
    {
        using var project = FixtureComponent.Project();
        project.Environment["DOCKER_HOST"] = "unix:///nonexistent/docker.sock";

        var result = await project.BuildAsync(BuildTarget);

        Assert.IsFalse(result.Succeeded, result.ToString());
        StringAssert.Contains(result.Output, "error VF3001");
        StringAssert.Contains(result.Output, "dockerd");
        var trees = Path.Combine(project.CacheDirectory, "trees");
        Assert.IsFalse(Directory.Exists(trees) && Directory.EnumerateFileSystemEntries(trees).Any());
    }

    [TestMethod]
    public async Task LockedModeRefusesAChangedPin()
    {
        using var project = FixtureComponent.Project();
        var written = await project.BuildAsync("ValkeyFipsFetch");
        Assert.IsTrue(written.Succeeded, written.ToString());

        var changed = FixtureComponent.WriteSource(project, "1.0", "changed");
        Pin(project, "Sha256", changed);
        var result = await project.BuildAsync("ValkeyFipsResolve", "ValkeyFipsLockedMode=true");

        Assert.IsFalse(result.Succeeded, result.ToString());
        StringAssert.Contains(result.Output, "error VF1006");
        StringAssert.Contains(result.Output, "'hello' is locked to sha256");
    }

    [TestMethod]
    public async Task LockedModeWithoutALockFile()
    {
        using var project = FixtureComponent.Project();

        var result = await project.BuildAsync("ValkeyFipsResolve", "ValkeyFipsLockedMode=true");

        Assert.IsFalse(result.Succeeded, result.ToString());
        StringAssert.Contains(result.Output, "error VF1006");
    }

    [TestMethod]
    public async Task RootUserIsRefused()
    {
        using var project = FixtureComponent.Project();
        project.SetProperty("ContainerUser", "0");

        await AssertFailsCleanly(project, "VF1008", "non-root");
    }

    [TestMethod]
    public async Task RepositoryNameIsNormalisedTheWayTheDotNetSdkDoesIt()
    {
        using var project = FixtureComponent.Project();
        project.SetProperty("ContainerRepository", "Not A Valid/Name!");

        var result = await project.BuildAsync("ValkeyFipsResolve");

        Assert.IsTrue(result.Succeeded, result.ToString());
        StringAssert.Contains(result.Output, "normalized to 'not-a-valid/name-'");
    }

    [TestMethod]
    public async Task InvalidTagIsRefusedByTheContainerNameParser()
    {
        using var project = FixtureComponent.Project();
        project.SetProperty("ContainerImageTags", "good;bad tag!");

        var result = await project.BuildAsync("ValkeyFipsResolve");

        Assert.IsFalse(result.Succeeded, result.ToString());
        StringAssert.Contains(result.Output, "error CONTAINER");
    }

    [TestMethod]
    public async Task UnknownCryptoModule()
    {
        using var project = FixtureComponent.Project();
        project.SetProperty("ValkeyFipsCryptoModule", "md5-is-fine");

        await AssertFailsCleanly(project, "VF1008", "openssl-fips-provider");
    }

    private static (string, string)[] Metadata(SdkProject project, params (string, string)[] extra)
    {
        var sha = FixtureComponent.WriteSource(project, "2.0");
        return
        [
            ("Version", "2.0"), ("Sha256", sha), ("ArchiveFileName", "hello-2.0.tar.gz"), ("Recipe", FixtureComponent.RecipeDirectory),
            .. extra,
        ];
    }

    /// <summary>Replaces one metadata value of the fixture's reference.</summary>
    private static void Pin(SdkProject project, string name, string value)
    {
        var current = new Dictionary<string, string>
        {
            ["Version"] = "1.0",
            ["Sha256"] = FixtureComponent.WriteSource(project, "1.0"),
            ["ArchiveFileName"] = "hello-1.0.tar.gz",
            ["Recipe"] = FixtureComponent.RecipeDirectory,
        };
        current[name] = value;
        project.RemoveItems("ComponentReference", "hello")
            .AddItem("ComponentReference", "hello", current.Where(kv => kv.Value.Length > 0).Select(kv => (kv.Key, kv.Value)).ToArray());
    }

    private static async Task AssertFailsCleanly(SdkProject project, string code, string text)
    {
        var result = await project.BuildAsync(BuildTarget);

        Assert.IsFalse(result.Succeeded, result.ToString());
        StringAssert.Contains(result.Output, $"error {code}", result.ToString());
        StringAssert.Contains(result.Output, text, result.ToString());
        foreach (var folder in new[] { "sources", "trees", "tmp" })
        {
            var path = Path.Combine(project.CacheDirectory, folder);
            Assert.IsFalse(Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any(), $"{folder} is empty");
        }

        Assert.IsFalse(File.Exists(Path.Combine(project.Directory, "valkeyfips.lock.json")), "no lock file from a failed build");
    }
}
