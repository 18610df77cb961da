// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed class InputHashTests
{
    [TestMethod]
    public void OrderOfInputsDoesNotMatter()
    {
        var a = new InputHash().Add("x", "1").Add("y", "2").Compute();
        var b = new InputHash().Add("y", "2").Add("x", "1").Compute();

        Assert.AreEqual(a, b);
    }

    [TestMethod]
    public void AValueCannotForgeTheBoundaryOfAnother()
    {
        var a = new InputHash().Add("x", "1\ny=2").Compute();
        var b = new InputHash().Add("x", "1").Add("y", "2").Compute();

        Assert.AreNotEqual(a, b);
    }

    [TestMethod]
    public void KnownInputsGiveAKnownDigest()
    {
        // Pinned: a change here invalidates every user's cache, so it must be deliberate.
        Assert.AreEqual(
            Sha256Digest.Of("4:name5:value\n"),
            new InputHash().Add("name", "value").Compute());
    }

    [TestMethod]
    public void DirectoryDigestSeesContentAndNames()
    {
        using var directory = new TestDirectory();
        directory.Write("a/build.sh", "echo 1");
        var before = new InputHash().AddDirectory("r", directory.Combine("a")).Compute();

        directory.Write("a/build.sh", "echo 2");
        var changed = new InputHash().AddDirectory("r", directory.Combine("a")).Compute();
        directory.Write("a/extra.txt", string.Empty);
        var added = new InputHash().AddDirectory("r", directory.Combine("a")).Compute();

        Assert.AreNotEqual(before, changed);
        Assert.AreNotEqual(changed, added);
    }
}
