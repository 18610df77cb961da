// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Build;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed class DependencyMountTests
{
    [TestMethod]
    public void APrefixThatHoldsAnotherIsMountedEntryByEntry()
    {
        using var directory = new TestDirectory();
        foreach (var folder in new[] { "wolfssl/lib", "wolfssl/include", "wolfssl/bin" })
        {
            Directory.CreateDirectory(directory.Combine(folder));
        }

        Directory.CreateDirectory(directory.Combine("openssl"));

        var mounts = ComponentBuilder.DependencyMounts(
        [
            (directory.Combine("wolfssl"), "/usr/local"),
            (directory.Combine("openssl"), "/usr/local/openssl"),
        ]).ToList();

        CollectionAssert.AreEquivalent(
            new[] { "/usr/local/bin", "/usr/local/include", "/usr/local/lib", "/usr/local/openssl" },
            mounts.Select(m => m.ContainerPath).ToArray());
        Assert.IsTrue(mounts.All(m => m.ReadOnly));
        Assert.AreEqual(directory.Combine("wolfssl", "lib"), mounts.Single(m => m.ContainerPath == "/usr/local/lib").HostPath);
    }

    [TestMethod]
    public void SeparatePrefixesAreMountedWhole()
    {
        var mounts = ComponentBuilder.DependencyMounts([("/h/openssl", "/usr/local/openssl"), ("/h/valkey", "/opt/bitnami/valkey/")]).ToList();

        CollectionAssert.AreEqual(new[] { "/usr/local/openssl", "/opt/bitnami/valkey" }, mounts.Select(m => m.ContainerPath).ToArray());
    }
}
