// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Text.Json.Nodes;
using ValkeyFips.Core.Components;
using ValkeyFips.Core.Evidence;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed class EvidenceWriterTests
{
    [TestMethod]
    public void SbomListsEveryComponentWithItsDigestAndDependencies()
    {
        using var directory = new TestDirectory();
        var evidence = Sample();

        EvidenceWriter.Write(directory.Path, evidence);
        var sbom = JsonNode.Parse(File.ReadAllText(directory.Combine(EvidenceWriter.SbomFileName)))!;

        Assert.AreEqual("CycloneDX", (string?)sbom["bomFormat"]);
        var components = sbom["components"]!.AsArray();
        Assert.AreEqual(2, components.Count);
        var openssl = components.Single(c => (string?)c!["name"] == "openssl")!;
        Assert.AreEqual("c80a01dfc70ece4dc21168932c37739042d404d46ccc81a5986dd75314ecda6f", (string?)openssl["hashes"]![0]!["content"]);
        var valkeyDependencies = sbom["dependencies"]!.AsArray().Single(d => (string?)d!["ref"] == "valkey@8.1.1+dfsg1")!;
        Assert.AreEqual("openssl@3.0.20", (string?)valkeyDependencies["dependsOn"]![0]);
    }

    [TestMethod]
    public void ChecksumsAreInSha256sumFormat()
    {
        var lines = EvidenceWriter.Checksums(Sample()).TrimEnd('\n').Split('\n');

        CollectionAssert.AreEqual(
            new[]
            {
                "c80a01dfc70ece4dc21168932c37739042d404d46ccc81a5986dd75314ecda6f  openssl-3.0.20.tar.gz",
                "d9bbd82eecb82f359e649a0007ad3dc1b47cc15afa626348ca86b73c4ae2c7ee  valkey_8.1.1+dfsg1.orig.tar.xz",
            },
            lines);
    }

    private static ImageEvidence Sample()
    {
        var components = Fixtures.Resolver().Resolve(
        [
            new ComponentReference("openssl") { Version = "3.0.20" },
            new ComponentReference("valkey") { Version = "8.1.1+dfsg1" },
        ]);
        return new ImageEvidence
        {
            ImageId = "sha256:" + Fixtures.Sha('f'),
            References = ["valkey-fips:test"],
            BaseImage = "Debian bookworm",
            CryptoModule = "openssl-fips-provider",
            ValidationStatement = "not validated",
            Components = components.Select(c => new ComponentEvidence(c, "feed", Fixtures.Sha('0'))).ToList(),
            Created = DateTimeOffset.UnixEpoch,
        };
    }
}
