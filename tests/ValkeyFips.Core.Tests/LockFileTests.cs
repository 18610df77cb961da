// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed class LockFileTests
{
    [TestMethod]
    public void RoundTripsAndIsNotRewrittenWhenUnchanged()
    {
        using var directory = new TestDirectory();
        var path = directory.Combine(LockFile.DefaultName);
        var file = Sample();

        Assert.IsTrue(file.WriteIfChanged(path));
        var written = File.GetLastWriteTimeUtc(path);
        var read = LockFile.Read(path)!;

        Assert.AreEqual(0, file.Differences(read).Count);
        Assert.IsFalse(read.WriteIfChanged(path));
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(path));
        Assert.IsFalse(File.Exists(path + ".tmp"));
    }

    [TestMethod]
    public void DifferencesNameEveryChange()
    {
        var locked = Sample();
        var now = Sample();
        now.Components["openssl"] = now.Components["openssl"] with { Version = "3.0.9", Sha256 = Fixtures.Sha('9') };
        now.Components.Remove("valkey");
        now.Components["extra"] = new LockedComponent { Version = "1", Sha256 = Fixtures.Sha('e') };

        var differences = string.Join("\n", locked.Differences(now));

        StringAssert.Contains(differences, "openssl' is locked at version 3.0.20");
        StringAssert.Contains(differences, "openssl' is locked to sha256");
        StringAssert.Contains(differences, "valkey' is locked but the project no longer references it");
        StringAssert.Contains(differences, "extra' is referenced by the project but not in the lock file");
    }

    [TestMethod]
    public void MissingFileReadsAsNone()
    {
        using var directory = new TestDirectory();

        Assert.IsNull(LockFile.Read(directory.Combine("none.json")));
    }

    [TestMethod]
    public void CorruptFileIsACodedError()
    {
        using var directory = new TestDirectory();
        var path = directory.Write(LockFile.DefaultName, "{\"version\": 7}");

        var error = Assert.ThrowsExactly<VfException>(() => LockFile.Read(path));

        Assert.AreEqual(ErrorCodes.LockFileInvalid, error.Code);
    }

    private static LockFile Sample()
    {
        var file = new LockFile();
        file.Components["openssl"] = new LockedComponent
        {
            Version = "3.0.20", Sha256 = Fixtures.Sha('1'), Source = "https://e.test/o.tgz", InputHash = Fixtures.Sha('2'),
        };
        file.Components["valkey"] = new LockedComponent { Version = "8.1.1", Sha256 = Fixtures.Sha('3'), InputHash = Fixtures.Sha('4') };
        return file;
    }
}
