// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed class CatalogTests
{
    [TestMethod]
    public void ShippedCatalogListsTheDefaultSampleSources()
    {
        var catalog = Catalog.Load(Fixtures.CatalogPath);

        var openssl = catalog.Find("openssl", "3.0.20");
        Assert.IsNotNull(openssl);
        Assert.AreEqual("c80a01dfc70ece4dc21168932c37739042d404d46ccc81a5986dd75314ecda6f", openssl.Sha256);
        Assert.IsFalse(openssl.Fips!.IsValidated);
        Assert.IsNotNull(catalog.Find("valkey", "8.1.1+dfsg1"));
    }

    [TestMethod]
    public void ShippedCatalogKnowsWhichOpenSslVersionsAreValidated()
    {
        var catalog = Catalog.Load(Fixtures.CatalogPath);

        var validated = catalog.Find("openssl", "3.0.9")!.Fips!;
        Assert.IsTrue(validated.IsValidated);
        Assert.AreEqual("4282", validated.Certificate);
    }

    [TestMethod]
    public void EveryShippedVersionHasASourceAndAPinOrLeavesThePinToTheProject()
    {
        var catalog = Catalog.Load(Fixtures.CatalogPath);
        foreach (var name in catalog.ComponentNames)
        {
            foreach (var (version, entry) in catalog.Find(name)!.Versions)
            {
                if (entry.Git is { } git)
                {
                    Assert.AreEqual(40, git.Commit?.Length, $"{name} {version}");
                    continue;
                }

                Assert.IsTrue(Uri.IsWellFormedUriString(entry.Url, UriKind.Absolute), $"{name} {version}");
                Assert.IsTrue(entry.Sha256 is null || Sha256Digest.IsValid(entry.Sha256), $"{name} {version}");
            }
        }
    }

    [TestMethod]
    public void CatalogWithABadDigestIsRejectedWithItsPath()
    {
        using var directory = new TestDirectory();
        var path = directory.Write("catalog.json", """
            { "components": { "x": { "versions": { "1.0": { "url": "https://e.test/x.tgz", "sha256": "abc" } } } } }
            """);

        var error = Assert.ThrowsExactly<VfException>(() => Catalog.Load(path));

        Assert.AreEqual(ErrorCodes.CatalogInvalid, error.Code);
        StringAssert.Contains(error.Message, path);
    }

    [TestMethod]
    public void UnreadableCatalogIsACodedError()
    {
        using var directory = new TestDirectory();
        var path = directory.Write("catalog.json", "{ not json");

        var error = Assert.ThrowsExactly<VfException>(() => Catalog.Load(path));

        Assert.AreEqual(ErrorCodes.CatalogInvalid, error.Code);
    }
}
