// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Tests;

/// <summary>Inputs that would let a project reach outside its own files are refused up front.</summary>
[TestClass]
public sealed class InputValidationTests
{
    private readonly TestDirectory _directory = new();

    [TestCleanup]
    public void Cleanup() => _directory.Dispose();

    [TestMethod]
    [DataRow("../../escape")]
    [DataRow("a/b")]
    [DataRow("my lib")]
    [DataRow("-dash")]
    public void ComponentNameThatIsNotAPlainNameIsRefused(string name)
    {
        var error = Assert.ThrowsExactly<VfException>(() => Resolve(new ComponentReference(name)));

        Assert.AreEqual(ErrorCodes.InvalidComponentName, error.Code);
    }

    [TestMethod]
    [DataRow("/opt/../../tmp/host")]
    [DataRow("/")]
    [DataRow("opt/relative")]
    [DataRow("/opt/a:b")]
    [DataRow("/opt/./x")]
    public void PrefixOutsideAPlainAbsoluteFolderIsRefused(string prefix)
    {
        var error = Assert.ThrowsExactly<VfException>(() => Resolve(new ComponentReference("lib") { Prefix = prefix }));

        Assert.AreEqual(ErrorCodes.InvalidPrefix, error.Code);
    }

    [TestMethod]
    public void PrefixIsNormalised() =>
        Assert.AreEqual("/opt/lib", Resolve(new ComponentReference("lib") { Prefix = "//opt//lib/" }).Prefix);

    [TestMethod]
    [DataRow("/tmp/victim/x.tar.gz")]
    [DataRow("sub/x.tar.gz")]
    [DataRow("..")]
    public void ArchiveFileNameWithFoldersIsRefused(string fileName)
    {
        var error = Assert.ThrowsExactly<VfException>(() => Resolve(new ComponentReference("lib") { FileName = fileName }));

        Assert.AreEqual(ErrorCodes.InvalidArchiveFileName, error.Code);
    }

    [TestMethod]
    public void TwoComponentsWithOnePrefixAreRefused()
    {
        var recipe = Fixtures.Recipe(_directory, "recipe");
        var error = Assert.ThrowsExactly<VfException>(() => Fixtures.Resolver(_directory.Path).Resolve(
        [
            Reference("a", recipe) with { Prefix = "/opt/same" },
            Reference("b", recipe) with { Prefix = "/opt/same" },
        ]));

        Assert.AreEqual(ErrorCodes.InvalidPrefix, error.Code);
    }

    [TestMethod]
    public void RecipePackageNamesCannotCarryShellSyntax()
    {
        var recipe = Fixtures.Recipe(_directory, "evil", """{ "buildPackages": ["gcc; rm -rf /"] }""");

        var error = Assert.ThrowsExactly<VfException>(() => Fixtures.Resolver(_directory.Path).Resolve([Reference("lib", recipe)]));

        Assert.AreEqual(ErrorCodes.RecipeInvalid, error.Code);
    }

    [TestMethod]
    public void NullListsInARecipeManifestCountAsEmpty()
    {
        var recipe = Fixtures.Recipe(_directory, "nulls", """{ "dependsOn": null, "buildPackages": null }""");

        var component = Fixtures.Resolver(_directory.Path).Resolve([Reference("lib", recipe)]).Single();

        Assert.AreEqual(0, component.DependsOn.Count);
    }

    [TestMethod]
    public void CredentialsInLocationsAreNeverShown()
    {
        Assert.AreEqual("https://***@feed.test/pool/x.tgz?***", Redaction.Location("https://builder:S3cr3t@feed.test/pool/x.tgz?token=abc"));
        Assert.AreEqual("http://feed.test/x.tgz", Redaction.Location("http://feed.test/x.tgz"));
        Assert.AreEqual("/srv/feed/x.tgz", Redaction.Location("/srv/feed/x.tgz"));
    }

    private ResolvedComponent Resolve(ComponentReference reference)
    {
        var recipe = Fixtures.Recipe(_directory, "recipe");
        return Fixtures.Resolver(_directory.Path).Resolve([Reference(reference.Name, recipe) with
        {
            Prefix = reference.Prefix,
            FileName = reference.FileName ?? "lib-1.0.tar.gz",
        }]).Single();
    }

    private static ComponentReference Reference(string name, string recipe) => new(name)
    {
        Version = "1.0", Url = "https://e.test/lib-1.0.tar.gz", Sha256 = Fixtures.Sha('a'), Recipe = recipe,
    };
}
