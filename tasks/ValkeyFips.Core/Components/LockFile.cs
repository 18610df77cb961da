// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Text.Json;
using System.Text.Json.Serialization;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Components;

/// <summary>One resolved component as the lock file records it.</summary>
public sealed record LockedComponent
{
    public required string Version { get; init; }

    /// <summary>The archive's digest; null for a git source.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The commit of a git source.</summary>
    public string? Commit { get; init; }

    /// <summary>Where the archive was found the first time it was verified.</summary>
    public string? Source { get; init; }

    /// <summary>The digest over everything that goes into building the component.</summary>
    public string? InputHash { get; init; }
}

/// <summary>
/// <c>valkeyfips.lock.json</c> beside the project: what each component resolved to. Committed with
/// the project, it lets a locked build prove that nothing moved since it was written.
/// </summary>
public sealed class LockFile
{
    public const string DefaultName = "valkeyfips.lock.json";
    private const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Versions such as 8.1.1+dfsg1 stay readable in a file people review.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public int Version { get; init; } = CurrentVersion;

    public SortedDictionary<string, LockedComponent> Components { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Reads a lock file; null when there is none.</summary>
    public static LockFile? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var file = JsonSerializer.Deserialize<LockFile>(File.ReadAllText(path), JsonOptions);
            if (file is null || file.Version != CurrentVersion)
            {
                throw new JsonException($"expected version {CurrentVersion}");
            }

            if (file.Components is null || file.Components.Values.Any(c => c is null || c.Version is null))
            {
                throw new JsonException("a component entry is empty");
            }

            return file;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new VfException(
                ErrorCodes.LockFileInvalid,
                $"The lock file '{path}' cannot be read ({e.Message}). Delete it and build without "
                + "ValkeyFipsLockedMode to write a new one.",
                e);
        }
    }

    /// <summary>Writes the file only when its content changes, so a no-op build touches nothing.</summary>
    /// <returns>True when the file was written.</returns>
    public bool WriteIfChanged(string path)
    {
        var text = JsonSerializer.Serialize(this, JsonOptions) + "\n";
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return false;
        }

        var temp = path + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(temp, text);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }

            throw new VfException(
                ErrorCodes.LockFileInvalid,
                $"The lock file '{path}' cannot be written ({e.Message}). Make its folder writable, or point "
                + "ValkeyFipsLockFile at a writable path.",
                e);
        }

        return true;
    }

    /// <summary>Lists every way <paramref name="actual"/> differs from this file; empty when they agree.</summary>
    public IReadOnlyList<string> Differences(LockFile actual)
    {
        var differences = new List<string>();
        foreach (var (name, locked) in Components)
        {
            if (!actual.Components.TryGetValue(name, out var now))
            {
                differences.Add($"'{name}' is locked but the project no longer references it");
                continue;
            }

            if (locked.Version != now.Version)
            {
                differences.Add($"'{name}' is locked at version {locked.Version}, the project asks for {now.Version}");
            }

            if (locked.Sha256 != now.Sha256)
            {
                differences.Add($"'{name}' is locked to sha256 {locked.Sha256}, the project pins {now.Sha256}");
            }

            if (locked.Commit != now.Commit)
            {
                differences.Add($"'{name}' is locked to commit {locked.Commit}, the project pins {now.Commit}");
            }

            if (locked.InputHash is not null && now.InputHash is not null && locked.InputHash != now.InputHash)
            {
                differences.Add($"'{name}' build inputs changed (recipe, options or dependencies)");
            }
        }

        foreach (var name in actual.Components.Keys.Where(n => !Components.ContainsKey(n)))
        {
            differences.Add($"'{name}' is referenced by the project but not in the lock file");
        }

        return differences;
    }
}
