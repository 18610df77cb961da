// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Engine;

/// <summary>
/// Which operating system the image starts from: either a Debian suite made here from Debian's
/// archive, or an image reference taken from the engine (pulled if the engine lacks it).
/// </summary>
public sealed record BaseImageSpec
{
    /// <summary>An image reference such as <c>ubuntu:22.04@sha256:…</c>; null for a Debian suite.</summary>
    public string? Reference { get; init; }

    public string Suite { get; init; } = "bookworm";

    /// <summary>APT source lines (<c>deb URI SUITE COMPONENTS</c>) the root filesystem is made from.</summary>
    public IReadOnlyList<string> AptSources { get; init; } = [];

    /// <summary>Packages added to the minimal base.</summary>
    public IReadOnlyList<string> Packages { get; init; } = [];

    /// <summary>What identifies the content of a made base: the same key means the same image.</summary>
    public string CacheKey => new InputHash()
        .Add("kind", "mmdebstrap-minbase")
        .Add("suite", Suite)
        .Add("sources", AptSources)
        .Add("packages", Packages.Order(StringComparer.Ordinal))
        .Compute();

    public string Describe() => Reference ?? $"Debian {Suite} (minbase, made with mmdebstrap)";
}

/// <summary>Provides base images and images with distribution packages added, each made once.</summary>
public sealed class BaseImages
{
    public const string BaseRepository = "valkeyfips/base";

    private const int SystemOpenSslExitCode = 42;

    private readonly DockerEngine _engine;
    private readonly string _scratchDirectory;
    private readonly IBuildLog _log;

    public BaseImages(DockerEngine engine, string scratchDirectory, IBuildLog log)
    {
        _engine = engine;
        _scratchDirectory = scratchDirectory;
        _log = log;
    }

    /// <summary>The base image's id when the engine already has it; makes or pulls nothing.</summary>
    public Task<string?> FindBaseAsync(BaseImageSpec spec, CancellationToken cancellationToken) =>
        _engine.FindImageAsync(spec.Reference ?? $"{BaseRepository}:{BaseTag(spec)}", cancellationToken);

    /// <summary>The id of the image with these packages added, when the engine already has it.</summary>
    public Task<string?> FindPackagesAsync(
        string baseImageId, IReadOnlyCollection<string> packages, string purpose, CancellationToken cancellationToken) =>
        packages.Count == 0
            ? Task.FromResult<string?>(baseImageId)
            : _engine.FindImageAsync(PackagesReference(baseImageId, packages, purpose), cancellationToken);

    /// <summary>Returns the base image's id, making or pulling it when the engine lacks it.</summary>
    public async Task<string> EnsureBaseAsync(BaseImageSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Reference is not null)
        {
            return await EnsureReferenceAsync(spec.Reference, cancellationToken).ConfigureAwait(false);
        }

        var tag = BaseTag(spec);
        var existing = await _engine.FindImageAsync($"{BaseRepository}:{tag}", cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        _log.Info($"base: making {spec.Describe()} (this takes about half a minute, once)");
        Directory.CreateDirectory(_scratchDirectory);
        var tar = Path.Combine(_scratchDirectory, $"base-{Guid.NewGuid():N}.tar");
        var output = new BoundedLines(40);
        try
        {
            var arguments = new List<string> { "--variant=minbase", "--quiet" };
            if (spec.Packages.Count > 0)
            {
                arguments.Add("--include=" + string.Join(',', spec.Packages));
            }

            // Keep the image free of the downloaded .deb files and of apt lists.
            arguments.Add("--customize-hook=rm -rf \"$1\"/var/cache/apt/archives/*.deb \"$1\"/var/lib/apt/lists/*");
            arguments.Add(spec.Suite);
            arguments.Add(tar);
            arguments.AddRange(spec.AptSources);

            var exit = await ProcessRunner.RunAsync("mmdebstrap", arguments, line =>
            {
                output.Add(line);
                _log.Detail($"base: {line}");
            }, cancellationToken).ConfigureAwait(false);

            if (exit is null)
            {
                throw new VfException(
                    ErrorCodes.BaseImageFailed,
                    "Making the Debian base image needs mmdebstrap, which is not installed. Install it "
                    + "('apt-get install mmdebstrap'), or set ContainerBaseImage to an image the engine has.");
            }

            if (exit != 0)
            {
                throw new VfException(
                    ErrorCodes.BaseImageFailed,
                    $"mmdebstrap could not make the {spec.Suite} base (exit code {exit}): {output.LastNonEmpty().TrimEnd('.')}. "
                    + $"Check that the APT sources ({string.Join("; ", spec.AptSources)}) are reachable.")
                {
                    Details = output.ToString(),
                };
            }

            var id = await _engine.ImportAsync(tar, BaseRepository, tag, cancellationToken).ConfigureAwait(false);
            _log.Info($"base: imported as {BaseRepository}:{tag}");
            return id;
        }
        finally
        {
            File.Delete(tar);
        }
    }

    /// <summary>
    /// Returns an image that is <paramref name="baseImageId"/> with the given packages installed,
    /// made once per base and package set and kept under <c>valkeyfips/&lt;purpose&gt;</c>.
    /// </summary>
    public async Task<string> EnsurePackagesAsync(
        string baseImageId, IReadOnlyCollection<string> packages, string purpose, CancellationToken cancellationToken)
    {
        var sorted = packages.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (sorted.Count == 0)
        {
            return baseImageId;
        }

        var reference = PackagesReference(baseImageId, sorted, purpose);
        var repository = reference[..reference.LastIndexOf(':')];
        var tag = reference[(reference.LastIndexOf(':') + 1)..];
        var existing = await _engine.FindImageAsync(reference, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        _log.Info($"{purpose}: installing {sorted.Count} packages into the base ({string.Join(' ', sorted)})");
        var script = "set -e; export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; "
            + "apt-get install -y -qq --no-install-recommends " + string.Join(' ', sorted)
            + "; apt-get clean; rm -rf /var/lib/apt/lists/*";
        if (purpose == "runtime")
        {
            // The image's only OpenSSL is the one the project builds; a system copy in the base
            // would be found by anything that does not use the built one's runpath.
            script += "; found=$(ls /lib/*/libssl.so* /usr/lib/*/libssl.so* /lib/*/libcrypto.so* /usr/lib/*/libcrypto.so* "
                + "2>/dev/null || true); if [ -n \"$found\" ]; then echo \"system OpenSSL: $found\"; exit "
                + SystemOpenSslExitCode + "; fi";
        }
        var output = new BoundedLines(40);
        await using var run = await _engine.CreateAsync(
            new RunSpec(baseImageId, ["/bin/sh", "-c", script]) { NamePrefix = $"valkeyfips-{purpose}", User = "0", Committed = true },
            cancellationToken).ConfigureAwait(false);
        var exit = await run.RunAsync(line =>
        {
            output.Add(line);
            _log.Detail($"{purpose}: {line}");
        }, cancellationToken).ConfigureAwait(false);
        if (exit == SystemOpenSslExitCode)
        {
            throw new VfException(
                ErrorCodes.SystemOpenSslInBase,
                $"The runtime base holds a system OpenSSL ({output.LastNonEmpty()}), which the FIPS image must not have: "
                + "only the OpenSSL the project builds may be in it. Use a base whose minimal system has none (Debian "
                + "bookworm, Ubuntu 22.04), and no runtime package that pulls one in (ca-certificates does).")
            {
                Details = output.ToString(),
            };
        }

        if (exit != 0)
        {
            throw new VfException(
                ErrorCodes.PackageImageFailed,
                $"Installing the {purpose} packages failed (exit code {exit}): {output.LastNonEmpty().TrimEnd('.')}. Check "
                + "the package names in the recipes and that the base image's APT sources are reachable.")
            {
                Details = output.ToString(),
            };
        }

        var id = await run.CommitAsync(new Docker.DotNet.Models.Config(), $"valkeyfips {purpose} packages", cancellationToken)
            .ConfigureAwait(false);
        await _engine.TagAsync(id, repository, tag, cancellationToken).ConfigureAwait(false);
        return id;
    }

    private static string BaseTag(BaseImageSpec spec) => $"{spec.Suite}-{spec.CacheKey[..16]}";

    private static string PackagesReference(string baseImageId, IReadOnlyCollection<string> packages, string purpose)
    {
        var sorted = packages.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var tag = new InputHash().Add("base", baseImageId).Add("packages", sorted).Compute()[..16];
        return $"valkeyfips/{purpose}:{tag}";
    }

    private async Task<string> EnsureReferenceAsync(string reference, CancellationToken cancellationToken)
    {
        var id = await _engine.FindImageAsync(reference, cancellationToken).ConfigureAwait(false);
        if (id is not null)
        {
            return id;
        }

        _log.Info($"base: pulling {reference}");
        if (await _engine.TryPullAsync(reference, _log, cancellationToken).ConfigureAwait(false))
        {
            return (await _engine.FindImageAsync(reference, cancellationToken).ConfigureAwait(false))!;
        }

        throw new VfException(
            ErrorCodes.BaseImageNotFound,
            $"The base image '{reference}' is not in the Docker engine and could not be pulled. Load it "
            + "('docker load -i <file>' or 'docker pull' where a registry is reachable), or remove "
            + "ContainerBaseImage to use the Debian base made from Debian's archive.");
    }
}

/// <summary>Keeps the last lines of a tool's output for an error message.</summary>
public sealed class BoundedLines
{
    private readonly Queue<string> _lines = new();
    private readonly int _capacity;

    public BoundedLines(int capacity)
    {
        _capacity = capacity;
    }

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > _capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines);
        }
    }

    /// <summary>The last line with text, for a one-line summary of a failure.</summary>
    public string LastNonEmpty()
    {
        lock (_lines)
        {
            return _lines.LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim() ?? "no output";
        }
    }
}
