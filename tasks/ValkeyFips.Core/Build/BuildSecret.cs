// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Build;

/// <summary>
/// A component's build secret for the duration of one build: a host file readable only by the
/// user, mounted read-only into the build container, removed afterwards when the SDK made it.
/// Also scrubs the value from build output, in case a tool echoes it.
/// </summary>
public sealed class BuildSecret : IDisposable
{
    /// <summary>Where the recipe finds the secret (<c>$VF_SECRET_FILE</c>).</summary>
    public const string ContainerPath = "/vf/secret";

    /// <summary>The exit code by which a recipe says the archive rejected the secret (EX_CONFIG).</summary>
    public const int RejectedExitCode = 78;

    private readonly string _value;
    private readonly bool _owned;

    private BuildSecret(string path, string value, bool owned)
    {
        Path = path;
        _value = value;
        _owned = owned;
    }

    public string Path { get; }

    /// <summary>Reads the component's secret; null when it has none.</summary>
    public static async Task<BuildSecret?> OpenAsync(ResolvedComponent component, string scratchDirectory, CancellationToken cancellationToken)
    {
        if (component.Secret is not { } source)
        {
            return null;
        }

        if (source.File is not null)
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(source.File, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new VfException(
                    ErrorCodes.SecretUnavailable,
                    $"The secret file of component '{component.Name}' cannot be read ({e.Message}). Point the "
                    + "secret at a readable file.",
                    e);
            }

            return new BuildSecret(source.File, text.TrimEnd('\r', '\n'), owned: false);
        }

        var value = Environment.GetEnvironmentVariable(source.EnvironmentVariable!);
        if (string.IsNullOrEmpty(value))
        {
            throw new VfException(
                ErrorCodes.SecretUnavailable,
                $"Component '{component.Name}' takes its secret from the environment variable {source.EnvironmentVariable}, "
                + "which is not set. Set it in the environment of the build.");
        }

        Directory.CreateDirectory(scratchDirectory);
        var path = System.IO.Path.Combine(scratchDirectory, $"secret-{Guid.NewGuid():N}");
        await using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(value).ConfigureAwait(false);
        }

        return new BuildSecret(path, value, owned: true);
    }

    /// <summary>The line with every occurrence of the secret replaced.</summary>
    public string Redact(string line) =>
        _value.Length == 0 ? line : line.Replace(_value, "***", StringComparison.Ordinal);

    public void Dispose()
    {
        if (_owned)
        {
            File.Delete(Path);
        }
    }
}
