// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Formats.Tar;
using ValkeyFips.Core.Images;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed class LayerBuilderTests
{
    [TestMethod]
    public void TreesBecomeRootOwnedWithoutSetIdOrForeignWriteBits()
    {
        using var directory = new TestDirectory();
        var tool = directory.Write("tree/bin/tool", "#!/bin/sh\n");
        File.SetUnixFileMode(tool, (UnixFileMode)Convert.ToInt32("6777", 8));
        var config = directory.Write("tree/etc/app.conf", "x");
        File.SetUnixFileMode(config, (UnixFileMode)Convert.ToInt32("0664", 8));
        File.CreateSymbolicLink(directory.Combine("tree", "bin", "alias"), "tool");

        var entries = Read(new LayerBuilder().AddTree(directory.Combine("tree"), "/opt/app"));

        var toolEntry = entries["opt/app/bin/tool"];
        Assert.AreEqual(0, toolEntry.Uid);
        Assert.AreEqual(0, toolEntry.Gid);
        Assert.AreEqual("755", Octal(toolEntry.Mode));
        Assert.AreEqual("644", Octal(entries["opt/app/etc/app.conf"].Mode));
        Assert.AreEqual(TarEntryType.SymbolicLink, entries["opt/app/bin/alias"].EntryType);
        Assert.AreEqual("tool", entries["opt/app/bin/alias"].LinkName);
        Assert.AreEqual(TarEntryType.Directory, entries["opt/app"].EntryType);
    }

    [TestMethod]
    public void ExplicitFilesAndFoldersKeepTheirOwnerAndLaterEntriesWin()
    {
        using var directory = new TestDirectory();
        var tree = directory.Write("tree/etc/app.conf", "from tree");
        var replacement = directory.Write("replacement.conf", "replaced");

        var layer = new LayerBuilder()
            .AddTree(directory.Combine("tree"), "/opt/app")
            .AddFile(replacement, "/opt/app/etc/app.conf", 1001, 0, (UnixFileMode)Convert.ToInt32("0664", 8))
            .AddDirectory("/data", 1001, 0, (UnixFileMode)Convert.ToInt32("2770", 8));
        var entries = Read(layer);

        Assert.AreEqual(1001, entries["opt/app/etc/app.conf"].Uid);
        Assert.AreEqual("664", Octal(entries["opt/app/etc/app.conf"].Mode));
        Assert.AreEqual("770", Octal(entries["data"].Mode), "set-group-id is dropped on folders too");
        Assert.AreEqual(1001, entries["data"].Uid);
    }

    [TestMethod]
    public void ExcludedDevelopmentFilesStayOutOfTheLayer()
    {
        using var directory = new TestDirectory();
        directory.Write("tree/include/openssl/ssl.h", "h");
        directory.Write("tree/lib64/libssl.a", "a");
        directory.Write("tree/lib64/libssl.so.3", "so");
        directory.Write("tree/lib64/pkgconfig/libssl.pc", "pc");
        directory.Write("tree/bin/openssl", "bin");

        var entries = Read(new LayerBuilder().AddTree(
            directory.Combine("tree"), "/usr/local/openssl", exclude: ["include", "lib64/*.a", "lib64/pkgconfig"]));

        CollectionAssert.AreEquivalent(
            new[] { "usr/local/openssl", "usr/local/openssl/bin", "usr/local/openssl/bin/openssl", "usr/local/openssl/lib64", "usr/local/openssl/lib64/libssl.so.3" },
            entries.Keys.ToArray());
    }

    [TestMethod]
    public void SameInputsGiveTheSameBytes()
    {
        using var directory = new TestDirectory();
        directory.Write("tree/b", "2");
        directory.Write("tree/a", "1");

        Assert.IsTrue(Bytes(directory).SequenceEqual(Bytes(directory)));
    }

    private static byte[] Bytes(TestDirectory directory)
    {
        using var stream = new MemoryStream();
        new LayerBuilder().AddTree(directory.Combine("tree"), "/x").WriteTo(stream);
        return stream.ToArray();
    }

    private static Dictionary<string, TarEntry> Read(LayerBuilder layer)
    {
        using var stream = new MemoryStream();
        layer.WriteTo(stream);
        stream.Position = 0;
        using var reader = new TarReader(stream);
        var entries = new Dictionary<string, TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            entries[entry.Name] = entry;
        }

        return entries;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8);
}
