// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ValkeyFips.Core.Components;

namespace ValkeyFips.Core.Evidence;

/// <summary>What the evidence says about one component of the image.</summary>
public sealed record ComponentEvidence(ResolvedComponent Component, string SourceOrigin, string InputHash);

/// <summary>What the evidence says about the image as a whole.</summary>
public sealed record ImageEvidence
{
    public required string ImageId { get; init; }

    public required IReadOnlyList<string> References { get; init; }

    public required string BaseImage { get; init; }

    public required string CryptoModule { get; init; }

    /// <summary><c>validated</c> with a certificate, or <c>not-validated</c>.</summary>
    public required string ValidationStatement { get; init; }

    public required IReadOnlyList<ComponentEvidence> Components { get; init; }

    public required DateTimeOffset Created { get; init; }
}

/// <summary>
/// Writes the files an assessor asks for beside the build output: a CycloneDX SBOM of the
/// components, the digests of every source archive (sha256sum format), and a summary of the image.
/// </summary>
public static class EvidenceWriter
{
    public const string SbomFileName = "sbom.cdx.json";
    public const string ChecksumsFileName = "sources.sha256";
    public const string SummaryFileName = "image.json";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IReadOnlyList<string> Write(string directory, ImageEvidence evidence)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>
        {
            WriteAtomically(Path.Combine(directory, SbomFileName), Sbom(evidence).ToJsonString(Indented) + "\n"),
            WriteAtomically(Path.Combine(directory, ChecksumsFileName), Checksums(evidence)),
            WriteAtomically(Path.Combine(directory, SummaryFileName), Summary(evidence).ToJsonString(Indented) + "\n"),
        };
        return written;
    }

    internal static JsonObject Sbom(ImageEvidence evidence)
    {
        var components = new JsonArray();
        foreach (var item in evidence.Components)
        {
            var c = item.Component;
            var component = new JsonObject
            {
                ["type"] = "library",
                ["bom-ref"] = $"{c.Name}@{c.Version}",
                ["name"] = c.Name,
                ["version"] = c.Version,
                ["purl"] = $"pkg:generic/{Uri.EscapeDataString(c.Name)}@{Uri.EscapeDataString(c.Version)}",
                ["hashes"] = c.Git is { } git
                    ? new JsonArray(new JsonObject { ["alg"] = git.Commit.Length == 40 ? "SHA-1" : "SHA-256", ["content"] = git.Commit })
                    : new JsonArray(new JsonObject { ["alg"] = "SHA-256", ["content"] = c.Sha256 }),
                ["properties"] = new JsonArray(
                    Property("valkeyfips:source", item.SourceOrigin),
                    Property("valkeyfips:inputHash", item.InputHash),
                    Property("valkeyfips:prefix", c.Prefix),
                    Property("valkeyfips:fips", c.Fips is null ? "n/a" : Describe(c.Fips))),
            };
            if (c.License is not null)
            {
                component["licenses"] = new JsonArray(new JsonObject
                {
                    ["license"] = new JsonObject { ["id"] = c.License },
                });
            }

            var references = new JsonArray();
            if (c.Url is not null)
            {
                references.Add(new JsonObject { ["type"] = "distribution", ["url"] = c.Url });
            }

            if (c.Homepage is not null)
            {
                references.Add(new JsonObject { ["type"] = "website", ["url"] = c.Homepage });
            }

            if (references.Count > 0)
            {
                component["externalReferences"] = references;
            }

            components.Add(component);
        }

        var dependencies = new JsonArray();
        foreach (var item in evidence.Components)
        {
            var dependsOn = new JsonArray();
            foreach (var name in item.Component.DependsOn)
            {
                var dependency = evidence.Components.First(e => e.Component.Name == name).Component;
                dependsOn.Add($"{dependency.Name}@{dependency.Version}");
            }

            dependencies.Add(new JsonObject
            {
                ["ref"] = $"{item.Component.Name}@{item.Component.Version}",
                ["dependsOn"] = dependsOn,
            });
        }

        return new JsonObject
        {
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.5",
            ["serialNumber"] = $"urn:uuid:{DeterministicGuid(evidence.ImageId)}",
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["timestamp"] = evidence.Created.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                ["tools"] = new JsonArray(new JsonObject { ["vendor"] = "ValkeyFips", ["name"] = "ValkeyFips.Sdk" }),
                ["component"] = new JsonObject
                {
                    ["type"] = "container",
                    ["bom-ref"] = evidence.ImageId,
                    ["name"] = evidence.References.FirstOrDefault() ?? evidence.ImageId,
                    ["hashes"] = new JsonArray(new JsonObject
                    {
                        ["alg"] = "SHA-256",
                        ["content"] = evidence.ImageId.Replace("sha256:", string.Empty, StringComparison.Ordinal),
                    }),
                    ["properties"] = new JsonArray(
                        Property("valkeyfips:baseImage", evidence.BaseImage),
                        Property("valkeyfips:cryptoModule", evidence.CryptoModule),
                        Property("valkeyfips:fipsValidation", evidence.ValidationStatement)),
                },
            },
            ["components"] = components,
            ["dependencies"] = dependencies,
        };
    }

    internal static string Checksums(ImageEvidence evidence)
    {
        var text = new StringBuilder();
        foreach (var item in evidence.Components.Where(c => !c.Component.SourceIsRecipe && c.Component.Git is null)
                     .OrderBy(c => c.Component.FileName, StringComparer.Ordinal))
        {
            text.Append(item.Component.Sha256).Append("  ").Append(item.Component.FileName).Append('\n');
        }

        return text.ToString();
    }

    private static JsonObject Summary(ImageEvidence evidence) => new()
    {
        ["imageId"] = evidence.ImageId,
        ["references"] = new JsonArray(evidence.References.Select(r => (JsonNode?)r).ToArray()),
        ["baseImage"] = evidence.BaseImage,
        ["cryptoModule"] = evidence.CryptoModule,
        ["fipsValidation"] = evidence.ValidationStatement,
        ["created"] = evidence.Created.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        ["components"] = new JsonArray(evidence.Components.Select(c => (JsonNode?)new JsonObject
        {
            ["name"] = c.Component.Name,
            ["version"] = c.Component.Version,
            ["sha256"] = c.Component.Sha256,
            ["source"] = c.SourceOrigin,
            ["inputHash"] = c.InputHash,
            ["prefix"] = c.Component.Prefix,
        }).ToArray()),
    };

    /// <summary>One line for the build log and the image label.</summary>
    public static string Describe(FipsValidation fips) => fips.IsValidated
        ? $"validated ({fips.Standard ?? "FIPS 140"} certificate #{fips.Certificate})"
        : "not validated (no CMVP certificate for this version)";

    private static JsonObject Property(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static Guid DeterministicGuid(string seed)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }

    private static string WriteAtomically(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
