// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;

namespace ValkeyFips.Core.Sources;

/// <summary>
/// A content-addressed store of verified source archives: <c>sources/&lt;sha256&gt;/&lt;file&gt;</c>.
/// An entry appears only by an atomic rename after its digest was checked, so whatever is there
/// can be trusted; an interrupted download leaves at most a folder under <c>tmp/</c>, which no
/// build reads and the next run sweeps away.
/// </summary>
public sealed class SourceCache
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(6);

    public SourceCache(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    private string SourcesRoot => Path.Combine(Root, "sources");

    private string TempRoot => Path.Combine(Root, "tmp");

    /// <summary>The cached archive with this digest and name, or null.</summary>
    public string? Find(string sha256, string fileName)
    {
        var path = Path.Combine(SourcesRoot, sha256, fileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Marks the folder as a cache (the CACHEDIR.TAG convention backup tools honour); cleaning
    /// refuses a folder without the mark, so a mistyped cache path cannot empty another folder.
    /// </summary>
    public static void Tag(string root)
    {
        var tag = Path.Combine(root, "CACHEDIR.TAG");
        if (!File.Exists(tag))
        {
            Directory.CreateDirectory(root);
            File.WriteAllText(
                tag,
                "Signature: 8a477f597d28d172789f06886806bc55\n# ValkeyFips.Sdk cache: verified sources and install trees.\n");
        }
    }

    /// <summary>Removes leftovers of interrupted work older than a few hours from a folder.</summary>
    public static void SweepStale(string directory, string pattern)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var stale in Directory.EnumerateDirectories(directory, pattern))
        {
            try
            {
                if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(stale) > StaleAfter)
                {
                    Directory.Delete(stale, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // In use by a concurrent build, or already gone.
            }
        }
    }

    /// <summary>A fresh private folder to download into.</summary>
    public string CreateTempDirectory()
    {
        Tag(Root);
        SweepStale(TempRoot, "*");
        var path = Path.Combine(TempRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Moves a verified file into the store. The caller has checked that the file's digest is
    /// <paramref name="sha256"/>; the folder that held it is consumed.
    /// </summary>
    public string Commit(string verifiedFile, string sha256, string fileName)
    {
        var entry = Path.Combine(SourcesRoot, sha256);
        var staging = Path.GetDirectoryName(verifiedFile)!;
        if (Path.GetFileName(verifiedFile) != fileName)
        {
            File.Move(verifiedFile, Path.Combine(staging, fileName));
        }

        Directory.CreateDirectory(SourcesRoot);
        try
        {
            Directory.Move(staging, entry);
        }
        catch (IOException) when (Directory.Exists(entry))
        {
            // Another build committed the same digest first; its copy is as good as ours.
            Directory.Delete(staging, recursive: true);
        }

        return Find(sha256, fileName) ?? throw new IOException(
            $"The cache entry '{entry}' holds no '{fileName}': the same archive was cached under another "
            + "name. Remove the folder and build again.");
    }

    internal static bool Matches(string actual, string expected) =>
        string.Equals(actual, Sha256Digest.Normalize(expected), StringComparison.Ordinal);
}
