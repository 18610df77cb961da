// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Diagnostics;
using ValkeyFips.Core.Engine;

namespace ValkeyFips.Core.Images;

/// <summary>
/// Proves a new image does what it claims before it gets a tag: a verification script runs in a
/// container of the image, as the image's user, with a read-only root filesystem and no
/// capabilities, and prints one PASS or FAIL line per check. Its whole output is kept as evidence.
/// </summary>
public sealed class ImageVerifier
{
    public const string ScriptName = "verify-image.sh";

    private readonly DockerEngine _engine;
    private readonly IBuildLog _log;

    public ImageVerifier(DockerEngine engine, IBuildLog log)
    {
        _engine = engine;
        _log = log;
    }

    /// <summary>Runs the checks; throws a coded error listing the failed ones.</summary>
    public async Task VerifyAsync(
        string imageId,
        string verifyDirectory,
        IReadOnlyDictionary<string, string> expectations,
        string evidencePath,
        CancellationToken cancellationToken)
    {
        var spec = new RunSpec(imageId, [])
        {
            NamePrefix = "valkeyfips-verify",
            Entrypoint = ["/bin/bash", $"/vf/verify/{ScriptName}"],
            Environment = expectations,
            Mounts = [new BindMount(verifyDirectory, "/vf/verify")],
            Tmpfs = new Dictionary<string, string> { ["/tmp"] = "mode=1777" },
            ReadOnlyRootFilesystem = true,
            DropAllCapabilities = true,
            NetworkDisabled = true,
        };

        var lines = new List<string>();
        await using var run = await _engine.CreateAsync(spec, cancellationToken).ConfigureAwait(false);
        var exit = await run.RunAsync(
            line =>
            {
                lock (lines)
                {
                    lines.Add(line);
                }

                if (line.StartsWith("PASS", StringComparison.Ordinal) || line.StartsWith("FAIL", StringComparison.Ordinal)
                    || line.StartsWith("SKIP", StringComparison.Ordinal))
                {
                    _log.Info($"verify: {line}");
                }
                else
                {
                    _log.Detail($"verify: {line}");
                }
            },
            cancellationToken).ConfigureAwait(false);

        Directory.CreateDirectory(Path.GetDirectoryName(evidencePath)!);
        await File.WriteAllLinesAsync(evidencePath, lines, cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            var failures = lines.Where(l => l.StartsWith("FAIL", StringComparison.Ordinal)).ToList();
            throw new VfException(
                ErrorCodes.VerificationFailed,
                $"The image failed {failures.Count} verification check(s) (exit code {exit}) and was removed "
                + $"without a tag: {string.Join("; ", failures.Select(f => f[4..].Trim()))}. Full output: {evidencePath}")
            {
                Details = string.Join("\n", lines.TakeLast(40)),
            };
        }
    }
}
