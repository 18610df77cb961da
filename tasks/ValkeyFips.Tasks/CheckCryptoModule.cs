// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using Microsoft.Build.Framework;
using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;
using ValkeyFips.Core.Fips;

namespace ValkeyFips.Tasks;

/// <summary>
/// Checks that the project's components fit its FIPS module choice and reports whether the
/// module version is validated; a module without a certificate needs an explicit opt-in.
/// </summary>
public sealed class CheckCryptoModule : ComponentTask
{
    /// <summary>The value of <c>ValkeyFipsCryptoModule</c>.</summary>
    [Required]
    public string CryptoModule { get; set; } = string.Empty;

    /// <summary>Build an image whose module has no CMVP certificate (it is labelled so).</summary>
    public bool AllowNonValidatedModule { get; set; }

    /// <summary>One sentence on the module's validation, for the log, the label and the evidence.</summary>
    [Output]
    public string ValidationStatement { get; private set; } = string.Empty;

    /// <summary><c>validated</c> or <c>not-validated</c>.</summary>
    [Output]
    public string ValidationStatus { get; private set; } = string.Empty;

    /// <summary>The <c>openssl.cnf</c> template that loads the module.</summary>
    [Output]
    public string ConfigTemplate { get; private set; } = string.Empty;

    /// <summary>The provider name verification expects to see active.</summary>
    [Output]
    public string ProviderName { get; private set; } = string.Empty;

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var module = Core.Fips.CryptoModule.Find(CryptoModule);
        var graph = LoadGraph();
        var catalog = string.IsNullOrEmpty(CatalogPath) ? Catalog.Empty : Catalog.Load(CatalogPath);
        var assessment = module.Assess(graph.Order, catalog, AllowNonValidatedModule);

        ValidationStatement = assessment.Statement;
        ValidationStatus = assessment.Validated ? "validated" : "not-validated";
        ConfigTemplate = module.ConfigTemplate;
        ProviderName = module.ProviderName;
        if (assessment.Validated)
        {
            BuildLog.Info($"FIPS module: {assessment.Statement}");
        }
        else
        {
            BuildLog.Warning(
                ErrorCodes.NonValidatedModule,
                $"FIPS module: {assessment.Statement}. The image is labelled org.valkeyfips.fips-validation=not-validated "
                + "and must not be presented as FIPS 140 validated.");
        }

        return Task.CompletedTask;
    }
}
