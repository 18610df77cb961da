// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using StackExchange.Redis;
using ValkeyFips.TestSupport;

namespace ValkeyFips.EndToEnd.Tests;

/// <summary>
/// The default sample, built from the packed SDK for real: the image it makes is inspected, and a
/// server started from it answers a real client over TLS.
/// </summary>
[TestClass]
public sealed class DefaultSampleTests
{
    // Quotes are left out: valkey-server's own command-line parser rejects them. The entry scripts
    // write passwords to a configuration file instead; their tests cover quotes.
    private const string Password = "e2e p@ss word";

    private static DockerClient Docker => SampleImage.Docker;

    [TestMethod]
    public void SampleBuildsAndPassesVerification()
    {
        SampleImage.AssertBuilt();
        var verification = File.ReadAllText(SampleImage.Evidence("verification.txt"));
        StringAssert.Contains(verification, "PASS");
        Assert.IsFalse(verification.Contains("FAIL", StringComparison.Ordinal), verification);
    }

    [TestMethod]
    public async Task ImageRunsAsUid1001WithTheDeclaredSettings()
    {
        SampleImage.AssertBuilt();
        var image = await Docker.Images.InspectImageAsync(SampleImage.Reference);

        Assert.AreEqual("1001", image.Config.User);
        Assert.IsTrue(image.Config.ExposedPorts.ContainsKey("6379/tcp"));
        Assert.AreEqual("8.1.1+dfsg1", image.Config.Labels["org.valkeyfips.component.valkey"]);
        Assert.AreEqual("3.0.20", image.Config.Labels["org.valkeyfips.component.openssl"]);
        Assert.AreEqual("8.1.1", image.Config.Labels["org.opencontainers.image.version"]);
        var environment = image.Config.Env.ToDictionary(e => e[..e.IndexOf('=')], e => e[(e.IndexOf('=') + 1)..]);
        Assert.AreEqual("/usr/local/openssl/ssl/openssl.cnf", environment["OPENSSL_CONF"]);
        Assert.AreEqual("/usr/local/openssl/lib64/ossl-modules", environment["OPENSSL_MODULES"]);

        var (exit, output) = await RunAsync(["/bin/sh", "-c", "id -u; id -g; test -w /usr/local/openssl/lib64 && echo writable || echo read-only; find / -xdev -perm /6000 -type f 2>/dev/null | wc -l"]);
        Assert.AreEqual(0, exit, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEqual(new[] { "1001", "0", "read-only", "0" }, lines, output);
    }

    [TestMethod]
    public async Task FipsProviderRefusesMd5InTheImage()
    {
        SampleImage.AssertBuilt();

        var (md5, md5Output) = await RunAsync(["/bin/sh", "-c", "echo x | openssl md5"]);
        var (providers, providerOutput) = await RunAsync(["openssl", "list", "-providers"]);

        Assert.AreNotEqual(0, md5, md5Output);
        Assert.AreEqual(0, providers, providerOutput);
        StringAssert.Contains(providerOutput, "OpenSSL FIPS Provider");
        StringAssert.Contains(providerOutput, "status: active");
    }

    [TestMethod]
    public async Task ServerAnswersARealClientOverTls()
    {
        SampleImage.AssertBuilt();
        using var certificates = TestCertificates.Write(Path.Combine(SampleImage.Sdk.Root, "certs-" + Guid.NewGuid().ToString("N")[..6]));
        var container = await Docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = SampleImage.Reference,
            Cmd =
            [
                "valkey-server", "--port", "0", "--tls-port", "6380", "--requirepass", Password,
                "--tls-cert-file", "/certs/server.crt", "--tls-key-file", "/certs/server.key",
                "--tls-ca-cert-file", "/certs/ca.crt", "--tls-auth-clients", "no",
            ],
            ExposedPorts = new Dictionary<string, EmptyStruct> { ["6380/tcp"] = default },
            HostConfig = new HostConfig
            {
                Binds = [$"{certificates.Directory}:/certs:ro"],
                PortBindings = new Dictionary<string, IList<PortBinding>>
                {
                    ["6380/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = string.Empty }],
                },
                CapDrop = ["ALL"],
                ReadonlyRootfs = true,
                Tmpfs = new Dictionary<string, string> { ["/bitnami/valkey/data"] = "mode=1777", ["/tmp"] = "mode=1777" },
            },
        });
        try
        {
            await Docker.Containers.StartContainerAsync(container.ID, new ContainerStartParameters());
            var inspect = await Docker.Containers.InspectContainerAsync(container.ID);
            var port = int.Parse(inspect.NetworkSettings.Ports["6380/tcp"][0].HostPort, System.Globalization.CultureInfo.InvariantCulture);

            var options = new ConfigurationOptions
            {
                EndPoints = { { "127.0.0.1", port } },
                Ssl = true,
                SslHost = "localhost",
                Password = Password,
                ConnectRetry = 20,
                ConnectTimeout = 2000,
                AbortOnConnectFail = false,
            };
            options.CertificateValidation += (_, certificate, _, _) => certificates.Validate(certificate);
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            var database = connection.GetDatabase();
            await WaitConnectedAsync(connection, container.ID);

            var latency = await database.PingAsync();
            Assert.IsTrue(latency >= TimeSpan.Zero);
            await database.StringSetAsync("fips", "yes");
            Assert.AreEqual("yes", (string?)await database.StringGetAsync("fips"));
        }
        finally
        {
            await Docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        }
    }

    [TestMethod]
    public async Task SecondBuildStartsNoContainerAndKeepsTheImage()
    {
        SampleImage.AssertBuilt();
        var before = await Docker.Images.InspectImageAsync(SampleImage.Reference);
        var mark = await DockerRequirement.MarkAsync();

        var again = await SampleImage.RebuildAsync();

        Assert.IsTrue(again.Succeeded, again.ToString());
        StringAssert.Contains(again.Output, "image: up to date");
        var created = await DockerRequirement.ContainersCreatedAsync(Docker, mark, DateTimeOffset.UtcNow);
        Assert.AreEqual(0, created.Count, string.Join(", ", created));
        var after = await Docker.Images.InspectImageAsync(SampleImage.Reference);
        Assert.AreEqual(before.ID, after.ID);
    }

    [TestMethod]
    public void EvidenceDescribesTheComponents()
    {
        SampleImage.AssertBuilt();
        var sbom = JsonNode.Parse(File.ReadAllText(SampleImage.Evidence("sbom.cdx.json")))!;
        var names = sbom["components"]!.AsArray().Select(c => (string?)c!["name"]).ToList();
        CollectionAssert.AreEquivalent(new[] { "openssl", "valkey", "fips-startup-check" }, names);
        StringAssert.Contains(File.ReadAllText(SampleImage.Evidence("sources.sha256")), "c80a01dfc70ece4dc21168932c37739042d404d46ccc81a5986dd75314ecda6f  openssl-3.0.20.tar.gz");
        var lockFile = File.ReadAllText(Path.Combine(SampleImage.Project, "valkeyfips.lock.json"));
        StringAssert.Contains(lockFile, "d9bbd82eecb82f359e649a0007ad3dc1b47cc15afa626348ca86b73c4ae2c7ee");
    }

    private static async Task<(long Exit, string Output)> RunAsync(IList<string> command)
    {
        var container = await Docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = SampleImage.Reference,
            Cmd = command,
        });
        try
        {
            await Docker.Containers.StartContainerAsync(container.ID, new ContainerStartParameters());
            var wait = await Docker.Containers.WaitContainerAsync(container.ID);
            using var logs = await Docker.Containers.GetContainerLogsAsync(
                container.ID, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
            return (wait.StatusCode, stdout + stderr);
        }
        finally
        {
            await Docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        }
    }

    private static async Task WaitConnectedAsync(ConnectionMultiplexer connection, string containerId)
    {
        for (var i = 0; i < 100 && !connection.IsConnected; i++)
        {
            await Task.Delay(100);
        }

        if (!connection.IsConnected)
        {
            using var logs = await Docker.Containers.GetContainerLogsAsync(
                containerId, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
            Assert.Fail($"No connection. Server output:\n{stdout}{stderr}\nClient:\n{connection.GetStatus()}");
        }
    }
}
