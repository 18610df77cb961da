// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Formats.Tar;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet;
using Docker.DotNet.Models;
using StackExchange.Redis;

namespace ValkeyFips.EndToEnd.Tests;

/// <summary>
/// The image's runtime: the entrypoint's FIPS startup check, the VALKEY_* environment and the
/// hardening a cluster applies. Every test starts containers of the image and talks to them with
/// a real client (StackExchange.Redis) or with valkey-cli inside the container, and removes every
/// container, network, volume and image it made.
/// </summary>
[TestClass]
public sealed class RuntimeTests
{
    /// <summary>
    /// The image under test. For quick iteration, build one of your own with
    /// <c>eng/build.sh -p:ContainerRepository=vf-runtime-dev</c> and name vf-runtime-dev:latest here.
    /// </summary>
    internal const string Image = SampleImage.Reference;

    /// <summary>Every character that breaks naive quoting: @, spaces, both quotes, a backslash, #.</summary>
    private const string Password = "p@ss w0rd \"double\" 'single' \\ #hash";

    private const string DataFolder = "/bitnami/valkey/data";

    /// <summary>TLS on, with files that exist in every container (their content is never read).</summary>
    private const string TlsFiles = "VALKEY_TLS_ENABLED=yes|VALKEY_TLS_CERT_FILE=/etc/hostname|VALKEY_TLS_KEY_FILE=/etc/hostname";

    private readonly List<Func<Task>> _cleanup = [];

    private static DockerClient Docker => SampleImage.Docker;

    [TestInitialize]
    public void RequireImage()
    {
        if (string.Equals(Image, SampleImage.Reference, StringComparison.Ordinal))
        {
            SampleImage.AssertBuilt();
        }
    }

    /// <summary>Removes what the test made, newest first; one failed removal does not stop the others.</summary>
    [TestCleanup]
    public async Task RemoveResourcesAsync()
    {
        var failures = new List<Exception>();
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            try
            {
                await _cleanup[i]();
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("some test resources could not be removed", failures);
        }
    }

    [TestMethod]
    public async Task PasswordWithAnyCharacterAuthenticatesAndStaysOffTheCommandLine()
    {
        var server = await StartAsync(new RuntimeOptions { Environment = { ["VALKEY_PASSWORD"] = Password } });

        await using (var connection = await ConnectAsync(server, Password))
        {
            var database = connection.GetDatabase();
            await database.StringSetAsync("greeting", "hello");
            Assert.AreEqual("hello", (string?)await database.StringGetAsync("greeting"));
        }

        await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync(server, "p@ss w0rd"));
        var (_, commandLine) = await server.ExecAsync(
            "bash", "-c", "tr '\\0' ' ' < /proc/1/cmdline; echo; tr '\\0' '\\n' < /proc/1/environ");
        Assert.IsFalse(commandLine.Contains("p@ss", StringComparison.Ordinal), commandLine);
        Assert.IsFalse(commandLine.Contains("VALKEY_PASSWORD", StringComparison.Ordinal), commandLine);
        await AssertHealthyAsync(server);
    }

    [TestMethod]
    public async Task EmptyPasswordIsRefusedUnlessAllowed()
    {
        var refused = await StartAsync(new RuntimeOptions(), waitReady: false);
        Assert.AreEqual(1L, await refused.WaitExitAsync(), await refused.LogsAsync());
        var logs = await refused.LogsAsync();
        StringAssert.Contains(logs, "VALKEY_PASSWORD is empty");
        StringAssert.Contains(logs, "ALLOW_EMPTY_PASSWORD=yes");

        var allowed = await StartAsync(new RuntimeOptions { Environment = { ["ALLOW_EMPTY_PASSWORD"] = "yes" } });
        await using var connection = await ConnectAsync(allowed, password: null);
        Assert.IsTrue(await connection.GetDatabase().PingAsync() >= TimeSpan.Zero);
        StringAssert.Contains(await allowed.LogsAsync(), "ALLOW_EMPTY_PASSWORD=yes");
        await AssertHealthyAsync(allowed);
    }

    [TestMethod]
    public async Task AppendOnlyFileKeepsTenThousandKeysAcrossRestarts()
    {
        const int Count = 10_000;
        var volume = await CreateVolumeAsync();
        var options = new RuntimeOptions
        {
            Environment = { ["VALKEY_PASSWORD"] = Password, ["VALKEY_RDB_POLICY_DISABLED"] = "yes" },
            Binds = { $"{volume}:{DataFolder}" },
        };

        var first = await StartAsync(options);
        await using (var connection = await ConnectAsync(first, Password))
        {
            var database = connection.GetDatabase();
            await Task.WhenAll(Enumerable.Range(0, Count).Select(i => database.StringSetAsync($"key:{i}", $"value:{i}")));
            Assert.AreEqual(string.Empty, await ConfigGetAsync(connection, "save"));
            Assert.AreEqual("yes", await ConfigGetAsync(connection, "appendonly"));
        }

        await first.StopAsync();
        var (_, files) = await RunOnceAsync(new RuntimeOptions
        {
            Entrypoint = ["/bin/bash", "-c"],
            Command = [$"ls {DataFolder} {DataFolder}/appendonlydir"],
            Binds = { $"{volume}:{DataFolder}" },
        });
        StringAssert.Contains(files, "appendonly.aof.manifest");
        Assert.IsFalse(files.Contains("dump.rdb", StringComparison.Ordinal), files);

        var second = await StartAsync(options);
        await using (var connection = await ConnectAsync(second, Password))
        {
            var database = connection.GetDatabase();
            Assert.AreEqual(Count, (long)await database.ExecuteAsync("DBSIZE"));
            foreach (var chunk in Enumerable.Range(0, Count).Chunk(1000))
            {
                var values = await database.StringGetAsync(chunk.Select(i => (RedisKey)$"key:{i}").ToArray());
                for (var i = 0; i < chunk.Length; i++)
                {
                    Assert.AreEqual($"value:{chunk[i]}", (string?)values[i]);
                }
            }
        }
    }

    [TestMethod]
    public async Task RdbPolicyIsAppliedAndSnapshotsSurviveARestart()
    {
        var volume = await CreateVolumeAsync();
        var options = new RuntimeOptions
        {
            Environment =
            {
                ["VALKEY_PASSWORD"] = Password,
                ["VALKEY_AOF_ENABLED"] = "no",
                ["VALKEY_RDB_POLICY"] = "900#1 60#5",
            },
            Binds = { $"{volume}:{DataFolder}" },
        };

        var first = await StartAsync(options);
        await using (var connection = await ConnectAsync(first, Password))
        {
            Assert.AreEqual("900 1 60 5", await ConfigGetAsync(connection, "save"));
            Assert.AreEqual("no", await ConfigGetAsync(connection, "appendonly"));
            await connection.GetDatabase().StringSetAsync("snapshot", "kept");
            await connection.GetDatabase().ExecuteAsync("SAVE");
        }

        await first.StopAsync();
        var second = await StartAsync(options);
        await using (var connection = await ConnectAsync(second, Password))
        {
            Assert.AreEqual("kept", (string?)await connection.GetDatabase().StringGetAsync("snapshot"));
        }

        var disabled = await StartAsync(new RuntimeOptions
        {
            Environment = { ["VALKEY_PASSWORD"] = Password, ["VALKEY_RDB_POLICY_DISABLED"] = "yes" },
        });
        await using (var connection = await ConnectAsync(disabled, Password))
        {
            Assert.AreEqual(string.Empty, await ConfigGetAsync(connection, "save"));
        }
    }

    [TestMethod]
    public async Task DisabledCommandsAreUnknown()
    {
        var server = await StartAsync(new RuntimeOptions
        {
            Environment = { ["VALKEY_PASSWORD"] = Password, ["VALKEY_DISABLE_COMMANDS"] = "FLUSHDB, FLUSHALL" },
        });
        await using var connection = await ConnectAsync(server, Password);
        var database = connection.GetDatabase();

        await database.StringSetAsync("survivor", "1");
        var flushAll = await Assert.ThrowsAsync<RedisServerException>(() => database.ExecuteAsync("FLUSHALL"));
        var flushDb = await Assert.ThrowsAsync<RedisServerException>(() => database.ExecuteAsync("FLUSHDB"));

        StringAssert.Contains(flushAll.Message, "unknown command");
        StringAssert.Contains(flushDb.Message, "unknown command");
        Assert.AreEqual("1", (string?)await database.StringGetAsync("survivor"));
    }

    [TestMethod]
    public async Task AclFileDefinesTheUsers()
    {
        var folder = CreateHostFolder();
        WriteReadable(Path.Combine(folder, "users.acl"),
            "user default on >default-secret ~* &* +@all\nuser app on >app-p@ss ~app:* &* +@all\n");
        var server = await StartAsync(new RuntimeOptions
        {
            Environment = { ["VALKEY_ACLFILE"] = "/acl/users.acl" },
            Binds = { $"{folder}:/acl:ro" },
        });

        await using (var app = await ConnectAsync(server, "app-p@ss", user: "app", admin: false))
        {
            var database = app.GetDatabase();
            await database.StringSetAsync("app:1", "mine");
            Assert.AreEqual("mine", (string?)await database.StringGetAsync("app:1"));
            var denied = await Assert.ThrowsAsync<RedisServerException>(() => database.StringSetAsync("other:1", "x"));
            StringAssert.Contains(denied.Message, "NOPERM");
        }

        await using (var admin = await ConnectAsync(server, "default-secret"))
        {
            Assert.AreEqual("mine", (string?)await admin.GetDatabase().StringGetAsync("app:1"));
        }

        await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync(server, password: null));
    }

    [TestMethod]
    public async Task ReplicaFollowsThePrimaryOnAUserDefinedNetwork()
    {
        var network = await CreateNetworkAsync();
        var primary = await StartAsync(new RuntimeOptions
        {
            Network = network,
            Alias = "primary",
            Environment = { ["VALKEY_PASSWORD"] = Password, ["VALKEY_REPLICATION_MODE"] = "primary" },
        });
        var replica = await StartAsync(new RuntimeOptions
        {
            Network = network,
            Alias = "replica",
            Environment =
            {
                ["VALKEY_PASSWORD"] = Password,
                ["VALKEY_REPLICATION_MODE"] = "replica",
                ["VALKEY_PRIMARY_HOST"] = "primary",
                ["VALKEY_PRIMARY_PORT_NUMBER"] = "6379",
                ["VALKEY_PRIMARY_PASSWORD"] = Password,
                ["VALKEY_REPLICA_IP"] = "replica",
            },
        });

        await using var writer = await ConnectAsync(primary, Password);
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => writer.GetDatabase().StringSetAsync($"flow:{i}", i)));

        await replica.WaitForLogAsync("sync: Finished with success", TimeSpan.FromSeconds(60));
        var info = await CliAsync(replica, "INFO", "replication");
        StringAssert.Contains(info, "role:slave");
        StringAssert.Contains(info, "master_link_status:up");

        await using var reader = await ConnectAsync(replica, Password);
        var database = reader.GetDatabase();
        await WaitUntilAsync(
            async () => (string?)await database.StringGetAsync("flow:99") == "99", TimeSpan.FromSeconds(30));
        Assert.AreEqual("42", (string?)await database.StringGetAsync("flow:42"));
        StringAssert.Contains(await CliAsync(replica, "SET", "flow:x", "1"), "READONLY");
    }

    [TestMethod]
    public async Task TlsWithoutClientCertificatesNeedsNoCaAndTakesKeyPassphraseAndDhParameters()
    {
        const string KeyPassword = "k3y p@ss \"phrase\"";
        var folder = CreateHostFolder();
        using var certificates = TestCertificates.Write(Path.Combine(folder, "certs"));
        using (var key = ECDsa.Create())
        {
            // The server key again, encrypted with approved algorithms for VALKEY_TLS_KEY_FILE_PASS.
            key.ImportFromPem(File.ReadAllText(Path.Combine(certificates.Directory, "server.key")));
            var encrypted = key.ExportEncryptedPkcs8PrivateKeyPem(
                KeyPassword, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000));
            WriteReadable(Path.Combine(certificates.Directory, "server.enc.key"), encrypted);
        }

        WriteReadable(Path.Combine(certificates.Directory, "key.pass"), KeyPassword + "\n");
        var (dhExit, dhParameters) = await RunOnceAsync(new RuntimeOptions
        {
            Command = ["openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048"],
        });
        Assert.AreEqual(0L, dhExit, dhParameters);
        WriteReadable(Path.Combine(certificates.Directory, "dh.pem"), dhParameters);
        var server = await StartAsync(new RuntimeOptions
        {
            Environment =
            {
                ["VALKEY_PASSWORD"] = Password,
                ["VALKEY_TLS_ENABLED"] = "yes",
                ["VALKEY_TLS_CERT_FILE"] = "/certs/server.crt",
                ["VALKEY_TLS_KEY_FILE"] = "/certs/server.enc.key",
                ["VALKEY_TLS_KEY_FILE_PASS_FILE"] = "/certs/key.pass",
                ["VALKEY_TLS_DH_PARAMS_FILE"] = "/certs/dh.pem",
                ["VALKEY_TLS_AUTH_CLIENTS"] = "no",
            },
            Binds = { $"{certificates.Directory}:/certs:ro" },
        });

        await using var connection = await ConnectAsync(server, Password, tls: options =>
        {
            options.CertificateValidation += (_, certificate, _, _) => certificates.Validate(certificate);
        });
        await connection.GetDatabase().StringSetAsync("tls", "on");
        Assert.AreEqual("on", (string?)await connection.GetDatabase().StringGetAsync("tls"));
        Assert.AreEqual("0", await ConfigGetAsync(connection, "port"));
        Assert.AreEqual("TLSv1.2 TLSv1.3", await ConfigGetAsync(connection, "tls-protocols"));
        Assert.AreEqual("/certs/dh.pem", await ConfigGetAsync(connection, "tls-dh-params-file"));
        Assert.IsFalse((await ConfigGetAsync(connection, "tls-ciphersuites")).Contains("CHACHA", StringComparison.Ordinal));
        await AssertHealthyAsync(server);
    }

    [TestMethod]
    public async Task TlsWithClientCertificatesAdmitsOnlyCertifiedClients()
    {
        var folder = CreateHostFolder();
        using var pki = TestCertificates.Write(Path.Combine(folder, "certs"));
        var server = await StartAsync(new RuntimeOptions
        {
            Environment =
            {
                ["VALKEY_PASSWORD"] = Password,
                ["VALKEY_TLS_ENABLED"] = "yes",
                ["VALKEY_TLS_CERT_FILE"] = "/certs/server.crt",
                ["VALKEY_TLS_KEY_FILE"] = "/certs/server.key",
                ["VALKEY_TLS_CA_FILE"] = "/certs/ca.crt",
            },
            Binds = { $"{pki.Directory}:/certs:ro" },
        });

        await using (var connection = await ConnectAsync(server, Password, tls: options =>
        {
            options.CertificateValidation += (_, certificate, _, _) => pki.Validate(certificate);
            options.CertificateSelection += (_, _, _, _, _) => pki.Client;
        }))
        {
            Assert.AreEqual("yes", await ConfigGetAsync(connection, "tls-auth-clients"));
            await connection.GetDatabase().StringSetAsync("mutual", "tls");
            Assert.AreEqual("tls", (string?)await connection.GetDatabase().StringGetAsync("mutual"));
        }

        await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync(server, Password, tls: options =>
        {
            options.CertificateValidation += (_, certificate, _, _) => pki.Validate(certificate);
        }));
        await AssertHealthyAsync(server);
    }

    [TestMethod]
    public async Task PasswordFromAFileWorks()
    {
        var folder = CreateHostFolder();
        WriteReadable(Path.Combine(folder, "password"), Password + "\n");
        var server = await StartAsync(new RuntimeOptions
        {
            Environment = { ["VALKEY_PASSWORD_FILE"] = "/run/secrets/password" },
            Binds = { $"{Path.Combine(folder, "password")}:/run/secrets/password:ro" },
        });

        await using var connection = await ConnectAsync(server, Password);
        Assert.IsTrue(await connection.GetDatabase().PingAsync() >= TimeSpan.Zero);
        await AssertHealthyAsync(server);
    }

    [TestMethod]
    public async Task SettingsMissingFromTheTemplateOverridesAndExtraFlagsTakeEffect()
    {
        var folder = CreateHostFolder();
        WriteReadable(Path.Combine(folder, "overrides.conf"), "maxmemory 16mb\nmaxmemory-policy allkeys-lru\n");
        var server = await StartAsync(new RuntimeOptions
        {
            Environment =
            {
                ["VALKEY_PASSWORD"] = Password,
                ["VALKEY_IO_THREADS"] = "2",
                ["VALKEY_EXTRA_FLAGS"] = "--maxclients 1234",
            },
            Binds = { $"{folder}:/opt/bitnami/valkey/mounted-etc:ro" },
        });

        await using var connection = await ConnectAsync(server, Password);
        Assert.AreEqual("2", await ConfigGetAsync(connection, "io-threads"));
        Assert.AreEqual("16777216", await ConfigGetAsync(connection, "maxmemory"));
        Assert.AreEqual("allkeys-lru", await ConfigGetAsync(connection, "maxmemory-policy"));
        Assert.AreEqual("1234", await ConfigGetAsync(connection, "maxclients"));
    }

    [TestMethod]
    public async Task MountedValkeyConfIsTheWholeConfiguration()
    {
        var folder = CreateHostFolder();
        WriteReadable(Path.Combine(folder, "valkey.conf"),
            "port 6379\ndir /bitnami/valkey/data\nappendonly no\nrequirepass \"mounted p@ss\"\nmaxclients 321\n");
        var server = await StartAsync(new RuntimeOptions { Binds = { $"{folder}:/opt/bitnami/valkey/mounted-etc:ro" } });

        await using var connection = await ConnectAsync(server, "mounted p@ss");
        Assert.AreEqual("no", await ConfigGetAsync(connection, "appendonly"));
        Assert.AreEqual("321", await ConfigGetAsync(connection, "maxclients"));
        StringAssert.Contains(await server.LogsAsync(), "as the whole configuration");
    }

    [TestMethod]
    public async Task ServesFromAReadOnlyRootFilesystem()
    {
        var volume = await CreateVolumeAsync();
        var server = await StartAsync(new RuntimeOptions
        {
            ReadOnlyRoot = true,
            Environment = { ["VALKEY_PASSWORD"] = Password },
            Binds = { $"{volume}:{DataFolder}" },
            Tmpfs = { ["/opt/bitnami/valkey/tmp"] = "mode=1777", ["/tmp"] = "mode=1777" },
        });

        await using var connection = await ConnectAsync(server, Password);
        await connection.GetDatabase().StringSetAsync("read-only-root", "fine");
        await connection.GetDatabase().ExecuteAsync("BGREWRITEAOF");
        StringAssert.Contains(await server.LogsAsync(), "configuration written to /opt/bitnami/valkey/tmp/valkey.conf");
        var (exit, output) = await server.ExecAsync("bash", "-c", "touch /opt/bitnami/valkey/etc/probe");
        Assert.AreNotEqual(0L, exit, output);
        await AssertHealthyAsync(server);
    }

    [TestMethod]
    public async Task ServesWithEveryCapabilityDropped()
    {
        var server = await StartAsync(new RuntimeOptions
        {
            DropAllCapabilities = true,
            Environment = { ["VALKEY_PASSWORD"] = Password },
        });

        await using var connection = await ConnectAsync(server, Password);
        await connection.GetDatabase().StringSetAsync("capabilities", "none");
        var (_, status) = await server.ExecAsync("grep", "-E", "^Cap(Prm|Eff|Bnd):", "/proc/1/status");
        foreach (var line in status.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            StringAssert.EndsWith(line.Trim(), "0000000000000000", status);
        }
    }

    [TestMethod]
    public async Task ArbitraryUidInGroupZeroGetsAUserNameAndServes()
    {
        var volume = await CreateVolumeAsync();
        var (exit, whoami) = await RunOnceAsync(
            new RuntimeOptions { User = "12345:0", Command = ["bash", "-c", "whoami; id -u"] });
        Assert.AreEqual(0L, exit, whoami);
        var lines = whoami.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEqual(new[] { "valkey", "12345" }, lines, whoami);

        var server = await StartAsync(new RuntimeOptions
        {
            User = "12345:0",
            Environment = { ["VALKEY_PASSWORD"] = Password },
            Binds = { $"{volume}:{DataFolder}" },
        });
        await using var connection = await ConnectAsync(server, Password);
        await connection.GetDatabase().StringSetAsync("uid", "12345");
        var (_, owner) = await server.ExecAsync("stat", "-c", "%u", $"{DataFolder}/appendonlydir");
        Assert.AreEqual("12345", owner.Trim());
    }

    [TestMethod]
    public async Task ChangedFipsModuleKeepsValkeyFromStarting()
    {
        // Appended bytes leave the library loadable; only its integrity check can notice them.
        var tampered = await DeriveImageAsync("printf '\\000' >> /usr/local/openssl/lib64/ossl-modules/fips.so");
        await AssertFailsClosedAsync(tampered, "fips provider is not active");
    }

    [TestMethod]
    public async Task MissingFipsModuleConfigurationKeepsValkeyFromStarting()
    {
        var tampered = await DeriveImageAsync("rm /usr/local/openssl/ssl/fipsmodule.cnf");
        await AssertFailsClosedAsync(tampered, "stat(/usr/local/openssl/ssl/fipsmodule.cnf)");
    }

    [TestMethod]
    public async Task SkippingTheStartupCheckIsLoud()
    {
        var server = await StartAsync(new RuntimeOptions
        {
            Environment = { ["VALKEY_PASSWORD"] = Password, ["VALKEY_FIPS_SKIP_STARTUP_CHECK"] = "yes" },
        });

        var logs = await server.LogsAsync();
        StringAssert.Contains(logs, "the FIPS startup check was SKIPPED");
        Assert.IsFalse(logs.Contains("FIPS VALIDATION PASSED", StringComparison.Ordinal), logs);
    }

    [TestMethod]
    public async Task EveryConfigurationProblemIsListedBeforeAnythingStarts()
    {
        var (exit, logs, data) = await RunBadConfigurationAsync(new Dictionary<string, string>
        {
            ["VALKEY_PORT_NUMBER"] = "abc",
            ["VALKEY_TLS_ENABLED"] = "yes",
            ["VALKEY_REPLICATION_MODE"] = "replica",
            ["VALKEY_TLS_CIPHERSUITES"] = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256",
        });

        Assert.AreEqual(1L, exit, logs);
        StringAssert.Contains(logs, "VALKEY_PASSWORD is empty");
        StringAssert.Contains(logs, "VALKEY_PORT_NUMBER is 'abc'");
        StringAssert.Contains(logs, "VALKEY_TLS_ENABLED=yes needs VALKEY_TLS_CERT_FILE");
        StringAssert.Contains(logs, "VALKEY_TLS_ENABLED=yes needs VALKEY_TLS_KEY_FILE");
        StringAssert.Contains(logs, "needs VALKEY_PRIMARY_HOST");
        StringAssert.Contains(logs, "TLS_CHACHA20_POLY1305_SHA256: ChaCha20-Poly1305 is not a FIPS-approved cipher");
        StringAssert.Contains(logs, "configuration problem(s) found");
        Assert.IsFalse(logs.Contains("Valkey is starting", StringComparison.Ordinal), logs);
        Assert.AreEqual(0, data.Count, string.Join(", ", data));
    }

    [TestMethod]
    [DataRow("VALKEY_PORT_NUMBER=70000", "VALKEY_PORT_NUMBER is '70000'")]
    [DataRow(TlsFiles + "|VALKEY_TLS_AUTH_CLIENTS=no|VALKEY_TLS_PORT_NUMBER=tls", "VALKEY_TLS_PORT_NUMBER is 'tls'")]
    [DataRow(TlsFiles + "|VALKEY_TLS_AUTH_CLIENTS=no|VALKEY_TLS_CERT_FILE=/x.crt", "VALKEY_TLS_CERT_FILE names '/x.crt'")]
    [DataRow(TlsFiles, "needs VALKEY_TLS_CA_FILE or VALKEY_TLS_CA_DIR")]
    [DataRow(
        "VALKEY_TLS_CIPHERS=ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305: ChaCha20-Poly1305 is not a FIPS-approved cipher")]
    [DataRow("VALKEY_TLS_CIPHERS=HIGH:!aNULL", "VALKEY_TLS_CIPHERS names 'HIGH'")]
    [DataRow("VALKEY_TLS_AUTH_CLIENTS=sometimes", "VALKEY_TLS_AUTH_CLIENTS is 'sometimes'")]
    [DataRow("VALKEY_REPLICATION_MODE=leader", "VALKEY_REPLICATION_MODE is 'leader'")]
    [DataRow(
        "VALKEY_REPLICATION_MODE=replica|VALKEY_PRIMARY_HOST=primary|VALKEY_PRIMARY_PORT_NUMBER=x",
        "VALKEY_PRIMARY_PORT_NUMBER is 'x'")]
    [DataRow("VALKEY_AOF_ENABLED=maybe", "VALKEY_AOF_ENABLED is 'maybe'")]
    [DataRow("ALLOW_EMPTY_PASSWORD=perhaps", "ALLOW_EMPTY_PASSWORD is 'perhaps'")]
    [DataRow("VALKEY_RDB_POLICY=900-1", "VALKEY_RDB_POLICY has '900-1'")]
    [DataRow("VALKEY_RDB_POLICY=900#1|VALKEY_RDB_POLICY_DISABLED=yes", "keep only one of them")]
    [DataRow("VALKEY_DISABLE_COMMANDS=FLUSHALL;rm", "VALKEY_DISABLE_COMMANDS has 'FLUSHALL;rm'")]
    [DataRow("VALKEY_IO_THREADS=0", "VALKEY_IO_THREADS is '0'")]
    [DataRow("VALKEY_PASSWORD_FILE=/etc/hostname", "both VALKEY_PASSWORD and VALKEY_PASSWORD_FILE are set")]
    [DataRow("VALKEY_PRIMARY_PASSWORD_FILE=/run/secrets/none", "VALKEY_PRIMARY_PASSWORD_FILE names '/run/secrets/none'")]
    [DataRow("VALKEY_ACLFILE=/missing.acl", "VALKEY_ACLFILE names '/missing.acl'")]
    [DataRow("VALKEY_PASSWORD=|VALKEY_ACLFILE=/etc/hostname", "lets the default user in without a password")]
    [DataRow("VALKEY_OVERRIDES_FILE=/missing.conf", "VALKEY_OVERRIDES_FILE names '/missing.conf'")]
    [DataRow("VALKEY_DATA_DIR=data", "VALKEY_DATA_DIR is 'data'")]
    [DataRow("VALKEY_FIPS_SKIP_STARTUP_CHECK=maybe", "VALKEY_FIPS_SKIP_STARTUP_CHECK is 'maybe'")]
    public async Task BadConfigurationStopsBeforeValkeyStarts(string settings, string expected)
    {
        var environment = new Dictionary<string, string> { ["VALKEY_PASSWORD"] = Password };
        foreach (var setting in settings.Split('|'))
        {
            environment[setting[..setting.IndexOf('=')]] = setting[(setting.IndexOf('=') + 1)..];
        }

        var (exit, logs, data) = await RunBadConfigurationAsync(environment);

        Assert.AreEqual(1L, exit, logs);
        StringAssert.Contains(logs, expected);
        Assert.IsFalse(logs.Contains("Valkey is starting", StringComparison.Ordinal), logs);
        Assert.AreEqual(0, data.Count, string.Join(", ", data));
    }

    /// <summary>Starts a container with a bad environment; returns its exit code, logs and what the data folder holds.</summary>
    private async Task<(long Exit, string Logs, IReadOnlyList<string> Data)> RunBadConfigurationAsync(
        Dictionary<string, string> environment)
    {
        var options = new RuntimeOptions();
        foreach (var (name, value) in environment)
        {
            options.Environment[name] = value;
        }

        var container = await StartAsync(options, waitReady: false);
        var exit = await container.WaitExitAsync();
        return (exit, await container.LogsAsync(), await container.FolderEntriesAsync(DataFolder));
    }

    /// <summary>A container of the tampered image must exit non-zero and never start Valkey or any other command.</summary>
    private async Task AssertFailsClosedAsync(string image, string reason)
    {
        var server = await StartAsync(
            new RuntimeOptions { Image = image, Environment = { ["VALKEY_PASSWORD"] = Password } }, waitReady: false);
        var exit = await server.WaitExitAsync();
        var logs = await server.LogsAsync();

        Assert.AreNotEqual(0L, exit, logs);
        StringAssert.Contains(logs, "FIPS VALIDATION FAILED");
        StringAssert.Contains(logs, reason);
        Assert.IsFalse(logs.Contains("Valkey is starting", StringComparison.Ordinal), logs);
        Assert.AreEqual(0, (await server.FolderEntriesAsync(DataFolder)).Count, logs);

        var (toolExit, toolOutput) = await RunOnceAsync(
            new RuntimeOptions { Image = image, Command = ["valkey-cli", "--version"] });
        Assert.AreNotEqual(0L, toolExit, toolOutput);
        StringAssert.Contains(toolOutput, "FIPS VALIDATION FAILED");
        Assert.IsFalse(toolOutput.Contains("valkey-cli 8", StringComparison.Ordinal), toolOutput);
    }

    /// <summary>
    /// An image derived from the one under test: a root shell runs <paramref name="script"/> in a
    /// container, which is committed with the original image's configuration.
    /// </summary>
    private async Task<string> DeriveImageAsync(string script)
    {
        const string Repository = "valkey-fips-runtime-tampered";
        var original = await Docker.Images.InspectImageAsync(Image);
        var (container, exit, output) = await RunToEndAsync(
            new RuntimeOptions { User = "0", Entrypoint = ["/bin/bash", "-c"], Command = [script] });
        Assert.AreEqual(0L, exit, output);

        var tag = "t" + Guid.NewGuid().ToString("N")[..10];
        var reference = $"{Repository}:{tag}";
        _cleanup.Add(() => Docker.Images.DeleteImageAsync(reference, new ImageDeleteParameters { Force = true }));
        await Docker.Images.CommitContainerChangesAsync(new CommitContainerChangesParameters
        {
            ContainerID = container.Id,
            RepositoryName = Repository,
            Tag = tag,
            Config = original.Config,
        });
        return reference;
    }

    /// <summary>Runs a container to its end and returns its exit code and output.</summary>
    private async Task<(long Exit, string Output)> RunOnceAsync(RuntimeOptions options)
    {
        var (_, exit, output) = await RunToEndAsync(options);
        return (exit, output);
    }

    private async Task<(RuntimeContainer Container, long Exit, string Output)> RunToEndAsync(RuntimeOptions options)
    {
        var container = await RuntimeContainer.StartAsync(Docker, options, publish: false);
        _cleanup.Add(container.RemoveAsync);
        var exit = await container.WaitExitAsync();
        return (container, exit, await container.LogsAsync());
    }

    private async Task<RuntimeContainer> StartAsync(RuntimeOptions options, bool waitReady = true)
    {
        var container = await RuntimeContainer.StartAsync(Docker, options, publish: true);
        _cleanup.Add(container.RemoveAsync);
        if (waitReady)
        {
            await container.WaitForLogAsync("Ready to accept connections", TimeSpan.FromSeconds(60));
        }

        return container;
    }

    private async Task<string> CreateVolumeAsync()
    {
        var name = "vf-runtime-" + Guid.NewGuid().ToString("N")[..12];
        await Docker.Volumes.CreateAsync(new VolumesCreateParameters { Name = name, Labels = RuntimeContainer.Labels });
        _cleanup.Add(() => Docker.Volumes.RemoveAsync(name, force: true));
        return name;
    }

    private async Task<string> CreateNetworkAsync()
    {
        var name = "vf-runtime-" + Guid.NewGuid().ToString("N")[..12];
        var network = await Docker.Networks.CreateNetworkAsync(
            new NetworksCreateParameters { Name = name, Labels = RuntimeContainer.Labels });
        _cleanup.Add(() => Docker.Networks.DeleteNetworkAsync(network.ID));
        return name;
    }

    /// <summary>A host folder the container's uid can read; removed after the test.</summary>
    private string CreateHostFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vf-runtime-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("755", 8));
        _cleanup.Add(() =>
        {
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        });
        return folder;
    }

    private static void WriteReadable(string path, string content)
    {
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("644", 8));
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(
        RuntimeContainer server,
        string? password,
        string? user = null,
        bool admin = true,
        Action<ConfigurationOptions>? tls = null)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", server.HostPort } },
            User = user,
            Password = password,
            AllowAdmin = admin,
            AbortOnConnectFail = true,
            ConnectRetry = 3,
            ConnectTimeout = 5000,
            SyncTimeout = 15000,
            AsyncTimeout = 15000,
        };
        if (tls is not null)
        {
            options.Ssl = true;
            options.SslHost = "localhost";
            tls(options);
        }

        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private static async Task<string> ConfigGetAsync(ConnectionMultiplexer connection, string name)
    {
        var reply = await connection.GetDatabase().ExecuteAsync("CONFIG", "GET", name);
        var values = (RedisResult[])reply!;
        Assert.AreEqual(2, values.Length, $"CONFIG GET {name}");
        return (string?)values[1] ?? string.Empty;
    }

    /// <summary>The image's own health check, run the way the engine runs it, must pass.</summary>
    private static async Task AssertHealthyAsync(RuntimeContainer server)
    {
        var (exit, output) = await server.ExecAsync("/opt/bitnami/scripts/valkey/healthcheck.sh");
        Assert.AreEqual(0L, exit, output);
    }

    /// <summary>valkey-cli inside the container, with the test password handed over in its environment.</summary>
    private static async Task<string> CliAsync(RuntimeContainer server, params string[] arguments)
    {
        var (_, output) = await server.ExecAsync(
            ["bash", "-c", "REDISCLI_AUTH=$0 exec valkey-cli --no-auth-warning \"$@\"", Password, .. arguments]);
        return output;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, $"not reached within {limit}");
            await Task.Delay(250);
        }
    }
}

/// <summary>How <see cref="RuntimeContainer"/> starts a container of the image.</summary>
internal sealed class RuntimeOptions
{
    public string Image { get; init; } = RuntimeTests.Image;

    public Dictionary<string, string> Environment { get; } = [];

    public List<string> Binds { get; } = [];

    public Dictionary<string, string> Tmpfs { get; } = [];

    public IList<string>? Entrypoint { get; init; }

    public IList<string>? Command { get; init; }

    public string? User { get; init; }

    public bool ReadOnlyRoot { get; init; }

    public bool DropAllCapabilities { get; init; }

    public string? Network { get; init; }

    public string? Alias { get; init; }
}

/// <summary>A container started for one test, with its port published on 127.0.0.1 at a port the engine picks.</summary>
internal sealed class RuntimeContainer
{
    public static readonly IDictionary<string, string> Labels =
        new Dictionary<string, string> { ["org.valkeyfips.test"] = "runtime" };

    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(60);

    private readonly DockerClient _docker;

    private RuntimeContainer(DockerClient docker, string id)
    {
        _docker = docker;
        Id = id;
    }

    public string Id { get; }

    public int HostPort { get; private set; }

    public static async Task<RuntimeContainer> StartAsync(DockerClient docker, RuntimeOptions options, bool publish)
    {
        var parameters = new CreateContainerParameters
        {
            Name = "vf-runtime-" + Guid.NewGuid().ToString("N")[..12],
            Image = options.Image,
            Env = options.Environment.Select(e => $"{e.Key}={e.Value}").ToList(),
            Entrypoint = options.Entrypoint,
            Cmd = options.Command,
            User = options.User,
            Labels = Labels,
            HostConfig = new HostConfig
            {
                Binds = options.Binds,
                Tmpfs = options.Tmpfs,
                ReadonlyRootfs = options.ReadOnlyRoot,
                CapDrop = options.DropAllCapabilities ? ["ALL"] : null,
                SecurityOpt = options.DropAllCapabilities ? ["no-new-privileges"] : null,
                NetworkMode = options.Network,
            },
        };
        if (publish)
        {
            parameters.ExposedPorts = new Dictionary<string, EmptyStruct> { ["6379/tcp"] = default };
            parameters.HostConfig.PortBindings = new Dictionary<string, IList<PortBinding>>
            {
                ["6379/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = string.Empty }],
            };
        }

        if (options.Network is not null && options.Alias is not null)
        {
            parameters.NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings>
                {
                    [options.Network] = new EndpointSettings { Aliases = [options.Alias] },
                },
            };
        }

        var created = await docker.Containers.CreateContainerAsync(parameters);
        var container = new RuntimeContainer(docker, created.ID);
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
            if (publish)
            {
                var inspect = await docker.Containers.InspectContainerAsync(created.ID);
                if (inspect.NetworkSettings.Ports.TryGetValue("6379/tcp", out var bindings) && bindings is { Count: > 0 })
                {
                    container.HostPort = int.Parse(bindings[0].HostPort, CultureInfo.InvariantCulture);
                }
            }
        }
        catch
        {
            await container.RemoveAsync();
            throw;
        }

        return container;
    }

    public async Task<string> LogsAsync()
    {
        using var timeout = new CancellationTokenSource(ExitLimit);
        using var logs = await _docker.Containers.GetContainerLogsAsync(
            Id, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, timeout.Token);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(timeout.Token);
        return stdout + stderr;
    }

    /// <summary>Waits for a line in the logs; fails with the logs when the container ends first or time runs out.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var logs = await LogsAsync();
            if (logs.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            var state = (await _docker.Containers.InspectContainerAsync(Id)).State;
            Assert.IsTrue(state.Running, $"the container exited ({state.ExitCode}) before logging '{text}':\n{logs}");
            Assert.IsTrue(DateTime.UtcNow < deadline, $"'{text}' not logged within {limit}:\n{logs}");
            await Task.Delay(200);
        }
    }

    public async Task<long> WaitExitAsync()
    {
        using var timeout = new CancellationTokenSource(ExitLimit);
        var response = await _docker.Containers.WaitContainerAsync(Id, timeout.Token);
        return response.StatusCode;
    }

    /// <summary>Stops the container the way the engine does (SIGTERM, then a grace period).</summary>
    public async Task StopAsync()
    {
        await _docker.Containers.StopContainerAsync(Id, new ContainerStopParameters { WaitBeforeKillSeconds = 30 });
        var state = (await _docker.Containers.InspectContainerAsync(Id)).State;
        Assert.AreEqual(0L, state.ExitCode, await LogsAsync());
    }

    public async Task<(long Exit, string Output)> ExecAsync(params string[] command)
    {
        using var timeout = new CancellationTokenSource(ExitLimit);
        var exec = await _docker.Exec.ExecCreateContainerAsync(Id, new ContainerExecCreateParameters
        {
            Cmd = command,
            AttachStdout = true,
            AttachStderr = true,
        }, timeout.Token);
        using var stream = await _docker.Exec.StartAndAttachContainerExecAsync(exec.ID, false, timeout.Token);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(timeout.Token);
        var inspect = await _docker.Exec.InspectContainerExecAsync(exec.ID, timeout.Token);
        return (inspect.ExitCode, stdout + stderr);
    }

    /// <summary>What a folder of the container holds, read from the engine, so it works after the container ended.</summary>
    public async Task<IReadOnlyList<string>> FolderEntriesAsync(string path)
    {
        var archive = await _docker.Containers.GetArchiveFromContainerAsync(
            Id, new GetArchiveFromContainerParameters { Path = path }, false);
        var entries = new List<string>();
        using (var reader = new TarReader(archive.Stream))
        {
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                var name = entry.Name.TrimEnd('/');
                if (name.Contains('/', StringComparison.Ordinal))
                {
                    entries.Add(name);
                }
            }
        }

        return entries;
    }

    public async Task RemoveAsync()
    {
        try
        {
            await _docker.Containers.RemoveContainerAsync(
                Id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true });
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }
}

