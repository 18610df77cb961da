// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.IO.Compression;
using System.Text;
using Docker.DotNet.Models;
using ValkeyFips.TestSupport;

namespace ValkeyFips.Targets.Tests;

/// <summary>
/// The wolfSSL FIPS path against fixtures that follow the real interfaces: a password-protected
/// 7z bundle built in two passes around an in-core hash, and a provider module from a tagged git
/// repository, loaded by name through openssl.cnf the way wolfProvider is.
/// </summary>
[TestClass]
public sealed class WolfSslModuleTests
{
    private const string Password = "p@ss w0rd 'quoted' \"twice\" $HOME";
    private const string BundleVersion = "5.8.2-commercial-fips-v5.2.3";

    private static string s_fixtures = string.Empty;
    private static Dictionary<string, string> s_made = new();

    [ClassInitialize]
    public static async Task MakeFixturesAsync(TestContext context)
    {
        s_fixtures = Path.Combine(Path.GetTempPath(), "vf-wolf-" + Guid.NewGuid().ToString("N")[..8]);
        var made = await ProcessHelper.RunAsync(
            "bash", [Path.Combine(AppContext.BaseDirectory, "Fixtures", "make-fixtures.sh"), s_fixtures, Password], Repository.Root);
        Assert.IsTrue(made.Succeeded, made.ToString());
        s_made = made.Output.Split('\n')
            .Where(l => l.Contains('=') && !l.StartsWith('['))
            .Select(l => l.Trim().Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
    }

    [ClassCleanup]
    public static void RemoveFixtures()
    {
        if (Directory.Exists(s_fixtures))
        {
            Directory.Delete(s_fixtures, recursive: true);
        }
    }

    [TestMethod]
    [Timeout(20 * 60 * 1000, CooperativeCancellation = true)]
    public async Task FipsBundleBuildsWithItsPasswordAndThePasswordLeaksNowhere()
    {
        using var docker = await DockerRequirement.EnsureAsync();
        using var project = BundleProject(Password);
        var binlog = Path.Combine(project.Directory, "build.binlog");

        var result = await project.BuildAsync("ValkeyFipsBuildComponents", "ValkeyFipsWolfSslPasswordFile=password.txt", $"-bl:{binlog}");

        Assert.IsTrue(result.Succeeded, result.ToString());
        StringAssert.Contains(result.Output, "recording the in-core integrity hash");
        var tree = Directory.GetDirectories(Path.Combine(project.CacheDirectory, "trees")).Single();
        Assert.IsTrue(File.Exists(Path.Combine(tree, "usr", "local", "lib", "libwolfssl.so.42")), tree);
        AssertPasswordNowhere(result.Output, project.Directory, binlog);
    }

    [TestMethod]
    [Timeout(20 * 60 * 1000, CooperativeCancellation = true)]
    public async Task WrongPasswordIsACodedErrorAndNothingIsCached()
    {
        using var docker = await DockerRequirement.EnsureAsync();
        using var project = BundleProject("not the password");

        var result = await project.BuildAsync("ValkeyFipsBuildComponents", "ValkeyFipsWolfSslPasswordFile=password.txt");

        Assert.IsFalse(result.Succeeded, result.ToString());
        StringAssert.Contains(result.Output, "error VF2004");
        StringAssert.Contains(result.Output, "password.txt");
        var trees = Path.Combine(project.CacheDirectory, "trees");
        Assert.IsFalse(Directory.Exists(trees) && Directory.EnumerateFileSystemEntries(trees).Any(), "nothing cached");
        Assert.IsFalse(result.Output.Contains("not the password", StringComparison.Ordinal), "the wrong password is not shown either");
    }

    [TestMethod]
    [Timeout(20 * 60 * 1000, CooperativeCancellation = true)]
    public async Task PasswordFromAnEnvironmentVariable()
    {
        using var docker = await DockerRequirement.EnsureAsync();
        using var project = BundleProject(null);
        project.Environment["VF_TEST_WOLFSSL_PASSWORD"] = Password;

        var result = await project.BuildAsync("ValkeyFipsBuildComponents", "ValkeyFipsWolfSslPasswordVariable=VF_TEST_WOLFSSL_PASSWORD");

        Assert.IsTrue(result.Succeeded, result.ToString());
        AssertPasswordNowhere(result.Output, project.Directory, null);
        Assert.AreEqual(0, Directory.GetFiles(Path.Combine(project.CacheDirectory, "tmp")).Length, "the secret file made for the build is gone");
    }

    [TestMethod]
    [Timeout(40 * 60 * 1000, CooperativeCancellation = true)]
    public async Task ProviderFromAGitTagIsLoadedByNameAndRefusesMd5()
    {
        using var docker = await DockerRequirement.EnsureAsync();
        // OpenSSL is the real one: shared with the other tiers through the user's cache.
        using var project = SharedComponents.Project("unused", withValkey: false);
        AddBundle(project, Password, BundleVersion);
        AddProvider(project);
        project.SetProperty("ValkeyFipsSourceFeeds", $"feed;{SharedComponents.SourceFeed}");

        var result = await project.BuildAsync("ValkeyFipsBuildComponents", "ValkeyFipsWolfSslPasswordFile=password.txt");
        Assert.IsTrue(result.Succeeded, result.ToString());

        var lockFile = File.ReadAllText(Path.Combine(project.Directory, "valkeyfips.lock.json"));
        StringAssert.Contains(lockFile, s_made["WOLFPROVIDER_COMMIT"]);
        var (exit, output) = await RunWithTreesAsync(docker, project, "openssl list -providers; echo x | openssl md5 && echo MD5-ALLOWED || echo MD5-REFUSED");
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "wolfSSL Provider (test fixture)");
        StringAssert.Contains(output, "status: active");
        StringAssert.Contains(output, "MD5-REFUSED");
    }

    [TestMethod]
    [Timeout(40 * 60 * 1000, CooperativeCancellation = true)]
    public async Task OpenSourceWolfSslBuildsEndToEndAndItsImageIsRefusedAsFips()
    {
        using var docker = await DockerRequirement.EnsureAsync();
        var repository = "valkeyfips-test/wolfssl-oss-" + Guid.NewGuid().ToString("N")[..8];
        using var project = WolfSslImageProject(repository);
        project.AddItem("ComponentReference", "wolfssl", ("Version", "5.7.2"));

        // The startup check calls wolfCrypt's FIPS API, which an open-source build does not have.
        project.SetProperty("ValkeyFipsStartupCheck", "false");
        try
        {
            var result = await project.BuildAsync("Build");

            // Built end to end, then refused: wolfProvider marks its algorithms fips=yes only over a
            // FIPS build of wolfCrypt, so under the image's fips=yes default nothing can hash. The
            // image fails verification and is not kept: a non-FIPS module cannot pass as one.
            Assert.IsFalse(result.Succeeded, result.ToString());
            StringAssert.Contains(result.Output, "warning VF6002");
            StringAssert.Contains(result.Output, "error VF5001");
            StringAssert.Contains(result.Output, "sha256");
            Assert.IsNull(await FindImageAsync(docker, $"{repository}:test"), "no image from a failed build");

            // The log exists when wolfSSL was built in this run rather than taken from the cache.
            var logPath = Path.Combine(project.Directory, "obj", "Debug", "valkeyfips", "logs", "wolfssl.log");
            var log = File.Exists(logPath) ? File.ReadAllText(logPath) : string.Empty;
            if (log.Length > 0)
            {
                StringAssert.Contains(log, "configuring wolfSSL 5.7.2 (open-source build)");
                Assert.IsFalse(log.Contains("recording the in-core integrity hash", StringComparison.Ordinal), "no FIPS steps for the open-source release");
            }

            var (exit, output) = await RunWithTreesAsync(docker, project, "openssl list -providers; echo x | openssl md5 && echo MD5-ALLOWED || echo MD5-REFUSED");
            Assert.AreEqual(0, exit, output);
            StringAssert.Contains(output, "status: active");
            StringAssert.Contains(output, "MD5-REFUSED");
        }
        finally
        {
            try
            {
                await docker.Images.DeleteImageAsync($"{repository}:test", new ImageDeleteParameters { Force = true });
            }
            catch (Docker.DotNet.DockerImageNotFoundException)
            {
            }
        }
    }

    [TestMethod]
    [Timeout(40 * 60 * 1000, CooperativeCancellation = true)]
    public async Task WolfSslImageIsVerifiedLabelledAndHoldsTheSecretInNoLayer()
    {
        using var docker = await DockerRequirement.EnsureAsync();
        var repository = "valkeyfips-test/wolfssl-" + Guid.NewGuid().ToString("N")[..8];
        using var project = WolfSslImageProject(repository);
        AddBundle(project, Password, "5.8.2-fixture");
        project.SetProperty("ValkeyFipsSourceFeeds", $"feed;{SharedComponents.SourceFeed}");
        project.SetProperty("ValkeyFipsWolfSslPasswordFile", "password.txt");
        try
        {
            var result = await project.BuildAsync("Build");

            Assert.IsTrue(result.Succeeded, result.ToString());
            StringAssert.Contains(result.Output, "warning VF6002");
            StringAssert.Contains(result.Output, "PASS");
            var image = await docker.Images.InspectImageAsync($"{repository}:test");
            Assert.AreEqual("not-validated", image.Config.Labels["org.valkeyfips.fips-validation"]);
            var environment = image.Config.Env.ToDictionary(e => e[..e.IndexOf('=')], e => e[(e.IndexOf('=') + 1)..]);
            Assert.AreEqual("/usr/local/lib64/ossl-modules", environment["OPENSSL_MODULES"]);
            Assert.AreEqual("/usr/local/openssl/lib64:/usr/local/lib", environment["LD_LIBRARY_PATH"]);

            // Every layer and the image configuration (history included), as `docker save` writes them.
            using var saved = await docker.Images.SaveImageAsync($"{repository}:test", CancellationToken.None);
            using var tar = new MemoryStream();
            await saved.CopyToAsync(tar);
            AssertNoSecretInArchive(tar.ToArray());
        }
        finally
        {
            try
            {
                await docker.Images.DeleteImageAsync($"{repository}:test", new ImageDeleteParameters { Force = true });
            }
            catch (Docker.DotNet.DockerImageNotFoundException)
            {
            }
        }
    }

    private static async Task<string?> FindImageAsync(Docker.DotNet.DockerClient docker, string reference)
    {
        try
        {
            return (await docker.Images.InspectImageAsync(reference)).ID;
        }
        catch (Docker.DotNet.DockerImageNotFoundException)
        {
            return null;
        }
    }

    private static void AssertNoSecretInArchive(byte[] saved)
    {
        var needle = Encoding.UTF8.GetBytes(Password);
        Assert.AreEqual(-1, saved.AsSpan().IndexOf(needle), "docker save output");
        using var reader = new System.Formats.Tar.TarReader(new MemoryStream(saved));
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            if (entry.DataStream is null || !entry.Name.EndsWith(".tar", StringComparison.Ordinal))
            {
                continue;
            }

            using var layer = new System.Formats.Tar.TarReader(entry.DataStream);
            while (layer.GetNextEntry(copyData: true) is { } file)
            {
                if (file.DataStream is null)
                {
                    continue;
                }

                using var content = new MemoryStream();
                file.DataStream.CopyTo(content);
                Assert.AreEqual(-1, content.ToArray().AsSpan().IndexOf(needle), $"{entry.Name}: {file.Name}");
            }
        }
    }

    /// <summary>A wolfssl-fips image of shared OpenSSL and Valkey, the fixture provider, no TLS check.</summary>
    private static SdkProject WolfSslImageProject(string repository)
    {
        var project = SharedComponents.Project(repository);
        project.SetProperty("ValkeyFipsCryptoModule", "wolfssl-fips");
        project.SetProperty("ValkeyFipsVerifyTls", "false");
        project.SetProperty("ContainerImageTags", "test");
        AddProvider(project);
        return project;
    }

    private static void AddProvider(SdkProject project) => project.AddItem(
        "ComponentReference",
        "wolfprovider",
        ("Version", "1.1.0"),
        ("GitRepository", s_made["WOLFPROVIDER_REPOSITORY"]),
        ("GitTag", s_made["WOLFPROVIDER_TAG"]),
        ("GitCommit", s_made["WOLFPROVIDER_COMMIT"]));

    private static SdkProject BundleProject(string? password)
    {
        var project = new SdkProject();
        AddBundle(project, password, BundleVersion);
        project.SetProperty("ValkeyFipsSourceFeeds", "feed");
        return project;
    }

    /// <summary>Puts the fixture bundle in the project's feed folder and the password beside the project.</summary>
    private static void AddBundle(SdkProject project, string? password, string version)
    {
        var feed = Path.Combine(project.Directory, "feed");
        Directory.CreateDirectory(feed);
        var bundle = s_made["WOLFSSL_BUNDLE"];
        File.Copy(bundle, Path.Combine(feed, Path.GetFileName(bundle)));
        if (password is not null)
        {
            File.WriteAllText(Path.Combine(project.Directory, "password.txt"), password + "\n");
        }

        project.AddItem(
            "ComponentReference",
            "wolfssl",
            ("Version", version),
            ("Sha256", s_made["WOLFSSL_BUNDLE_SHA256"]),
            ("ArchiveFileName", Path.GetFileName(bundle)));
    }

    /// <summary>Runs a shell command in the base image with the built install trees mounted where the image has them.</summary>
    private static async Task<(long Exit, string Output)> RunWithTreesAsync(Docker.DotNet.DockerClient docker, SdkProject project, string command)
    {
        var trees = Directory.GetDirectories(Path.Combine(SharedComponents.Cache, "trees"));
        string Tree(string relative) => trees.Where(t => Directory.Exists(Path.Combine(t, relative)))
            .OrderByDescending(Directory.GetLastWriteTimeUtc).First();
        var openssl = Tree("usr/local/openssl");
        var wolfssl = Tree("usr/local/lib");
        var provider = Tree("usr/local/lib64/ossl-modules");
        var images = await docker.Images.ListImagesAsync(new ImagesListParameters { All = false });
        var baseImage = images.First(i => i.RepoTags?.Any(t => t.StartsWith("valkeyfips/base:", StringComparison.Ordinal)) == true).ID;
        var config = Path.Combine(Repository.SdkDirectory, "assets", "config", "openssl-wolfssl-fips.cnf");

        var container = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = baseImage,
            Cmd = ["/bin/sh", "-c", command],
            Env =
            [
                "PATH=/usr/local/openssl/bin:/usr/bin:/bin",
                "OPENSSL_CONF=/vf/openssl.cnf",
                "OPENSSL_MODULES=/usr/local/lib64/ossl-modules",
                "LD_LIBRARY_PATH=/usr/local/openssl/lib64:/usr/local/lib",
            ],
            HostConfig = new HostConfig
            {
                Binds =
                [
                    $"{Path.Combine(openssl, "usr/local/openssl")}:/usr/local/openssl:ro",
                    $"{Path.Combine(wolfssl, "usr/local/lib")}:/usr/local/lib:ro",
                    $"{Path.Combine(provider, "usr/local/lib64/ossl-modules")}:/usr/local/lib64/ossl-modules:ro",
                    $"{config}:/vf/openssl.cnf:ro",
                ],
                NetworkMode = "none",
            },
        });
        try
        {
            await docker.Containers.StartContainerAsync(container.ID, new ContainerStartParameters());
            var wait = await docker.Containers.WaitContainerAsync(container.ID);
            using var logs = await docker.Containers.GetContainerLogsAsync(
                container.ID, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
            return (wait.StatusCode, stdout + stderr);
        }
        finally
        {
            await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        }
    }

    /// <summary>Looks for the password in the build output and in every file the build wrote, binary log included.</summary>
    private static void AssertPasswordNowhere(string output, string projectDirectory, string? binlog)
    {
        Assert.IsFalse(output.Contains(Password, StringComparison.Ordinal), "build output");
        var needle = Encoding.UTF8.GetBytes(Password);
        foreach (var file in Directory.EnumerateFiles(projectDirectory, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == "password.txt")
            {
                continue;
            }

            var bytes = File.ReadAllBytes(file);
            Assert.AreEqual(-1, bytes.AsSpan().IndexOf(needle), file);
        }

        if (binlog is not null)
        {
            using var stream = new GZipStream(File.OpenRead(binlog), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            stream.CopyTo(plain);
            Assert.AreEqual(-1, plain.ToArray().AsSpan().IndexOf(needle), "binary log");
            Assert.AreEqual(-1, plain.ToArray().AsSpan().IndexOf(Encoding.Unicode.GetBytes(Password)), "binary log (UTF-16)");
        }
    }
}
