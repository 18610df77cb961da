// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed class ComponentResolverTests
{
    [TestMethod]
    public void KnownVersionTakesUrlDigestAndRecipeFromTheCatalog()
    {
        var resolved = Fixtures.Resolver().Resolve([new ComponentReference("openssl") { Version = "3.0.20" }]);

        var openssl = resolved.Single();
        Assert.AreEqual("c80a01dfc70ece4dc21168932c37739042d404d46ccc81a5986dd75314ecda6f", openssl.Sha256);
        Assert.AreEqual("openssl-3.0.20.tar.gz", openssl.FileName);
        Assert.AreEqual("/usr/local/openssl", openssl.Prefix);
        Assert.IsTrue(openssl.Known);
    }

    [TestMethod]
    public void ExplicitMetadataWinsOverTheCatalog()
    {
        var resolved = Fixtures.Resolver().Resolve(
        [
            new ComponentReference("openssl")
            {
                Version = "3.0.20",
                Sha256 = Fixtures.Sha('A'),
                Url = "https://mirror.test/pub/openssl-custom.tar.gz",
                Prefix = "/opt/ssl",
            },
        ]);

        var openssl = resolved.Single();
        Assert.AreEqual(Fixtures.Sha('a'), openssl.Sha256, "digests are normalised to lower case");
        Assert.AreEqual("https://mirror.test/pub/openssl-custom.tar.gz", openssl.Url);
        Assert.AreEqual("openssl-custom.tar.gz", openssl.FileName);
        Assert.AreEqual("/opt/ssl", openssl.Prefix);
    }

    [TestMethod]
    public void DependenciesDefaultToTheRecipesAndMayBeOverridden()
    {
        var resolver = Fixtures.Resolver();

        var byRecipe = resolver.Resolve(
        [
            new ComponentReference("openssl") { Version = "3.0.20" },
            new ComponentReference("valkey") { Version = "8.1.1+dfsg1" },
        ]);
        Assert.AreEqual("openssl", byRecipe[1].DependsOn.Single());

        var overridden = resolver.Resolve([new ComponentReference("valkey") { Version = "8.1.1+dfsg1", DependsOn = [] }]);
        Assert.AreEqual(0, overridden.Single().DependsOn.Count);
    }

    [TestMethod]
    public void UnknownVersionWithUrlButNoDigestIsRefused()
    {
        var error = Assert.ThrowsExactly<VfException>(() => Fixtures.Resolver().Resolve(
            [new ComponentReference("openssl") { Version = "3.9.9", Url = "https://e.test/openssl-3.9.9.tar.gz" }]));

        Assert.AreEqual(ErrorCodes.MissingSha256, error.Code);
        StringAssert.Contains(error.Message, "Sha256");
    }

    [TestMethod]
    public void MalformedDigestIsRefused()
    {
        var error = Assert.ThrowsExactly<VfException>(() => Fixtures.Resolver().Resolve(
            [new ComponentReference("openssl") { Version = "3.0.20", Sha256 = "1234" }]));

        Assert.AreEqual(ErrorCodes.InvalidSha256, error.Code);
    }

    [TestMethod]
    public void UnknownComponentWithoutUrlIsRefusedAndTheMessageSaysWhatToAdd()
    {
        using var directory = new TestDirectory();
        var recipe = Fixtures.Recipe(directory, "thing");

        var error = Assert.ThrowsExactly<VfException>(() => Fixtures.Resolver().Resolve(
            [new ComponentReference("thing") { Version = "1.0", Sha256 = Fixtures.Sha('b'), Recipe = recipe }]));

        Assert.AreEqual(ErrorCodes.UnknownComponent, error.Code);
        StringAssert.Contains(error.Message, "Url");
    }

    [TestMethod]
    public void UnlistedVersionOfAKnownComponentNamesTheListedOnes()
    {
        var error = Assert.ThrowsExactly<VfException>(() => Fixtures.Resolver().Resolve(
            [new ComponentReference("openssl") { Version = "9.9.9" }]));

        Assert.AreEqual(ErrorCodes.UnknownComponent, error.Code);
        StringAssert.Contains(error.Message, "3.0.20");
    }

    [TestMethod]
    public void MissingVersionIsRefused()
    {
        var error = Assert.ThrowsExactly<VfException>(() => Fixtures.Resolver().Resolve([new ComponentReference("openssl")]));

        Assert.AreEqual(ErrorCodes.MissingVersion, error.Code);
    }

    [TestMethod]
    public void DuplicateReferenceIsRefused()
    {
        var error = Assert.ThrowsExactly<VfException>(() => Fixtures.Resolver().Resolve(
        [
            new ComponentReference("openssl") { Version = "3.0.20" },
            new ComponentReference("OpenSSL") { Version = "3.0.9" },
        ]));

        Assert.AreEqual(ErrorCodes.DuplicateComponent, error.Code);
    }

    [TestMethod]
    public void DependencyOnAComponentTheProjectLacksIsRefused()
    {
        var error = Assert.ThrowsExactly<VfException>(() => Fixtures.Resolver().Resolve(
            [new ComponentReference("valkey") { Version = "8.1.1+dfsg1" }]));

        Assert.AreEqual(ErrorCodes.UnknownDependency, error.Code);
        StringAssert.Contains(error.Message, "openssl");
    }

    [TestMethod]
    public void MissingRecipeIsRefused()
    {
        var error = Assert.ThrowsExactly<VfException>(() => Fixtures.Resolver().Resolve(
        [
            new ComponentReference("thing")
            {
                Version = "1", Url = "https://e.test/t.tgz", Sha256 = Fixtures.Sha('c'), Recipe = "no-such-recipe",
            },
        ]));

        Assert.AreEqual(ErrorCodes.RecipeNotFound, error.Code);
    }
}
