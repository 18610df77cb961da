// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;
using ValkeyFips.Core.Fips;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed class CryptoModuleTests
{
    private static readonly Catalog Catalog = Catalog.Load(Fixtures.CatalogPath);

    [TestMethod]
    public void ValidatedProviderVersionIsSaidWithItsCertificate()
    {
        var assessment = CryptoModule.OpenSslFipsProvider.Assess(Components("3.0.9"), Catalog, allowNonValidated: false);

        Assert.IsTrue(assessment.Validated);
        StringAssert.Contains(assessment.Statement, "#4282");
    }

    [TestMethod]
    public void ProviderWithoutCertificateIsRefusedAndTheValidatedVersionsAreNamed()
    {
        var error = Assert.ThrowsExactly<VfException>(
            () => CryptoModule.OpenSslFipsProvider.Assess(Components("3.0.20"), Catalog, allowNonValidated: false));

        Assert.AreEqual(ErrorCodes.ModuleNotValidated, error.Code);
        StringAssert.Contains(error.Message, "3.0.9 (certificate #4282)");
        StringAssert.Contains(error.Message, "ValkeyFipsAllowNonValidatedModule=true");
    }

    [TestMethod]
    public void ProviderWithoutCertificateIsBuiltWhenTheProjectOptsIn()
    {
        var assessment = CryptoModule.OpenSslFipsProvider.Assess(Components("3.0.20"), Catalog, allowNonValidated: true);

        Assert.IsFalse(assessment.Validated);
        StringAssert.StartsWith(assessment.Statement, "not validated");
    }

    [TestMethod]
    public void WolfSslModuleNamesTheComponentThatIsMissing()
    {
        var error = Assert.ThrowsExactly<VfException>(
            () => CryptoModule.WolfSslFips.Assess(Components("3.0.20"), Catalog, allowNonValidated: true));

        Assert.AreEqual(ErrorCodes.ComponentMissingForModule, error.Code);
        StringAssert.Contains(error.Message, "'wolfssl'");
    }

    [TestMethod]
    public void UnknownModuleNameListsTheKnownOnes()
    {
        var error = Assert.ThrowsExactly<VfException>(() => CryptoModule.Find("boringssl"));

        Assert.AreEqual(ErrorCodes.InvalidProperty, error.Code);
        StringAssert.Contains(error.Message, "openssl-fips-provider, wolfssl-fips");
    }

    private static IReadOnlyList<ResolvedComponent> Components(string opensslVersion) => Fixtures.Resolver().Resolve(
    [
        new ComponentReference("openssl") { Version = opensslVersion },
        new ComponentReference("valkey") { Version = "8.1.1+dfsg1" },
    ]);
}
