// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Fips;

/// <summary>
/// A FIPS 140 cryptographic module the image can use behind OpenSSL 3: which components it needs,
/// which of them is the validated module, how OpenSSL is configured to load it, and what
/// verification expects to see.
/// </summary>
public sealed record CryptoModule
{
    public static readonly CryptoModule OpenSslFipsProvider = new()
    {
        Name = "openssl-fips-provider",
        Description = "OpenSSL FIPS provider",
        ModuleComponent = "openssl",
        RequiredComponents = ["openssl", "valkey"],
        ConfigTemplate = "openssl-fips-provider.cnf",
        ProviderName = "OpenSSL FIPS Provider",
    };

    public static readonly CryptoModule WolfSslFips = new()
    {
        Name = "wolfssl-fips",
        Description = "wolfSSL FIPS module through wolfProvider",
        ModuleComponent = "wolfssl",
        RequiredComponents = ["openssl", "wolfssl", "wolfprovider", "valkey"],
        ConfigTemplate = "openssl-wolfssl-fips.cnf",
        ProviderName = "wolfSSL Provider",
    };

    public static IReadOnlyList<CryptoModule> All { get; } = [OpenSslFipsProvider, WolfSslFips];

    /// <summary>The value of <c>ValkeyFipsCryptoModule</c>.</summary>
    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>The component whose validation status is the image's.</summary>
    public required string ModuleComponent { get; init; }

    public required IReadOnlyList<string> RequiredComponents { get; init; }

    /// <summary>The <c>openssl.cnf</c> template among the SDK's configuration assets.</summary>
    public required string ConfigTemplate { get; init; }

    /// <summary>What <c>openssl list -providers</c> shows for the active module.</summary>
    public required string ProviderName { get; init; }

    public static CryptoModule Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new VfException(
            ErrorCodes.InvalidProperty,
            $"ValkeyFipsCryptoModule is '{name}'. Use one of: {string.Join(", ", All.Select(m => m.Name))}.");

    /// <summary>
    /// Checks that the project's components fit this module and says whether the module version
    /// is validated. A module without a certificate is refused unless the project opts in.
    /// </summary>
    public ModuleAssessment Assess(IReadOnlyList<ResolvedComponent> components, Catalog catalog, bool allowNonValidated)
    {
        foreach (var required in RequiredComponents)
        {
            if (!components.Any(c => string.Equals(c.Name, required, StringComparison.OrdinalIgnoreCase)))
            {
                throw new VfException(
                    ErrorCodes.ComponentMissingForModule,
                    $"ValkeyFipsCryptoModule is {Name}, which needs a '{required}' component, and the project has "
                    + $"none. Add <ComponentReference Include=\"{required}\" Version=\"...\" />.");
            }
        }

        var module = components.First(c => string.Equals(c.Name, ModuleComponent, StringComparison.OrdinalIgnoreCase));
        if (module.Fips is { IsValidated: true } fips)
        {
            return new ModuleAssessment(this, module, true,
                $"validated: {Description} {module.Version}, {fips.Standard ?? "FIPS 140"} certificate #{fips.Certificate}");
        }

        var statement = $"not validated: {Description} {module.Version} has no CMVP certificate";
        if (!allowNonValidated)
        {
            var validated = catalog.Find(ModuleComponent)?.Versions
                .Where(v => v.Value.Fips?.IsValidated == true)
                .Select(v => $"{v.Key} (certificate #{v.Value.Fips!.Certificate})")
                .ToList() ?? [];
            throw new VfException(
                ErrorCodes.ModuleNotValidated,
                $"The FIPS module is {statement}. Use a validated version"
                + (validated.Count > 0 ? $" ({string.Join(", ", validated)})" : string.Empty)
                + ", or set ValkeyFipsAllowNonValidatedModule=true to build an image labelled as not validated.");
        }

        return new ModuleAssessment(this, module, false, statement);
    }
}

/// <summary>What the build says about the image's FIPS module.</summary>
public sealed record ModuleAssessment(CryptoModule Module, ResolvedComponent Component, bool Validated, string Statement);
