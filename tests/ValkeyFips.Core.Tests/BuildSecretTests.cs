// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Build;
using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed class BuildSecretTests
{
    private readonly TestDirectory _directory = new();

    [TestCleanup]
    public void Cleanup() => _directory.Dispose();

    [TestMethod]
    public async Task EnvironmentSecretBecomesAPrivateFileThatIsRemovedAfterTheBuild()
    {
        var variable = "VF_TEST_SECRET_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(variable, "s3cr3t p@ss");
        try
        {
            string path;
            using (var secret = (await BuildSecret.OpenAsync(Component(null, variable), _directory.Combine("tmp"), CancellationToken.None))!)
            {
                path = secret.Path;
                Assert.AreEqual("s3cr3t p@ss", File.ReadAllText(path));
                Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                Assert.AreEqual("7z: wrong password *** for bundle", secret.Redact("7z: wrong password s3cr3t p@ss for bundle"));
            }

            Assert.IsFalse(File.Exists(path));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [TestMethod]
    public async Task SecretFileIsUsedWhereItIsAndKept()
    {
        var file = _directory.Write("password.txt", "from file\n");

        using (var secret = (await BuildSecret.OpenAsync(Component(file, null), _directory.Combine("tmp"), CancellationToken.None))!)
        {
            Assert.AreEqual(file, secret.Path);
            Assert.AreEqual("*** here", secret.Redact("from file here"));
        }

        Assert.IsTrue(File.Exists(file));
    }

    [TestMethod]
    public async Task UnsetVariableOrUnreadableFileIsACodedError()
    {
        var unset = await Assert.ThrowsExactlyAsync<VfException>(
            () => BuildSecret.OpenAsync(Component(null, "VF_TEST_SECRET_NEVER_SET"), _directory.Path, CancellationToken.None));
        var missing = await Assert.ThrowsExactlyAsync<VfException>(
            () => BuildSecret.OpenAsync(Component(_directory.Combine("none.txt"), null), _directory.Path, CancellationToken.None));

        Assert.AreEqual(ErrorCodes.SecretUnavailable, unset.Code);
        StringAssert.Contains(unset.Message, "VF_TEST_SECRET_NEVER_SET");
        Assert.AreEqual(ErrorCodes.SecretUnavailable, missing.Code);
    }

    [TestMethod]
    public void BothSecretKindsAtOnceAreRefused()
    {
        var error = Assert.ThrowsExactly<VfException>(() => Component(_directory.Combine("p"), "VAR"));

        Assert.AreEqual(ErrorCodes.SecretUnavailable, error.Code);
    }

    private ResolvedComponent Component(string? file, string? variable)
    {
        var recipe = Fixtures.Recipe(_directory, "recipe");
        return Fixtures.Resolver(_directory.Path).Resolve(
        [
            new ComponentReference("bundle")
            {
                Version = "1", Url = "https://e.test/bundle.7z", Sha256 = Fixtures.Sha('a'), Recipe = recipe,
                SecretFile = file, SecretEnvironmentVariable = variable,
            },
        ]).Single();
    }
}
