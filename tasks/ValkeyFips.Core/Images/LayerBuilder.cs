// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Formats.Tar;

namespace ValkeyFips.Core.Images;

/// <summary>
/// Writes one image layer as a tar stream with ownership and modes decided here rather than taken
/// from the host: installed software is root's and not writable by anyone else, set-id bits are
/// dropped, symbolic links stay links. Entries are sorted and time-stamped alike, so the same
/// inputs give the same bytes.
/// </summary>
public sealed class LayerBuilder
{
    private const UnixFileMode SetIdBits = UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit;
    private const UnixFileMode OthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private static readonly DateTimeOffset Timestamp = DateTimeOffset.FromUnixTimeSeconds(946684800);

    private readonly SortedDictionary<string, Func<TarEntry>> _entries = new(StringComparer.Ordinal);

    /// <summary>Number of entries so far.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Adds a host folder's content at <paramref name="containerPath"/>, owned by root, with group and
    /// other write permission and set-id bits removed.
    /// </summary>
    /// <param name="hostDirectory">The folder whose content is added.</param>
    /// <param name="containerPath">Where it goes in the image.</param>
    /// <param name="normalizeModes">
    /// Ignore the host's modes: 0755 for folders, <c>*.sh</c> files and files that are executable on
    /// the host, 0644 for the rest. For trees that travel in a NuGet package, which keeps no modes.
    /// </param>
    /// <param name="exclude">Paths relative to the folder to leave out (see <see cref="PathPattern"/>).</param>
    public LayerBuilder AddTree(
        string hostDirectory, string containerPath, bool normalizeModes = false, IReadOnlyList<string>? exclude = null)
    {
        var excluded = (exclude ?? []).Select(PathPattern.Parse).ToList();
        var root = new DirectoryInfo(hostDirectory);
        var prefix = Normalize(containerPath);
        if (prefix.Length > 0)
        {
            AddDirectory(prefix, 0, 0, Sanitize(root.UnixFileMode) | UnixFileMode.UserExecute);
        }

        foreach (var info in root.EnumerateFileSystemInfos("*", new EnumerationOptions
                 {
                     RecurseSubdirectories = true,
                     AttributesToSkip = 0,
                     IgnoreInaccessible = false,
                 }))
        {
            var relative = Path.GetRelativePath(root.FullName, info.FullName).Replace('\\', '/');
            if (excluded.Any(p => p.Matches(relative)))
            {
                continue;
            }

            var name = prefix.Length > 0 ? prefix + "/" + relative : relative;
            if (info.LinkTarget is { } target)
            {
                _entries[name] = () => new PaxTarEntry(TarEntryType.SymbolicLink, name)
                {
                    LinkName = target,
                    Uid = 0,
                    Gid = 0,
                    Mode = (UnixFileMode)0b111_111_111,
                    ModificationTime = Timestamp,
                };
            }
            else if (info is DirectoryInfo directory)
            {
                AddDirectory(name, 0, 0, Sanitize(directory.UnixFileMode) | UnixFileMode.UserExecute);
            }
            else
            {
                var path = info.FullName;
                var mode = normalizeModes ? NormalizedMode(info) : Sanitize(info.UnixFileMode);
                _entries[name] = () => new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = File.OpenRead(path),
                    Uid = 0,
                    Gid = 0,
                    Mode = mode,
                    ModificationTime = Timestamp,
                };
            }
        }

        return this;
    }

    /// <summary>Adds one file from the host with the given owner and mode.</summary>
    public LayerBuilder AddFile(string hostPath, string containerPath, int uid, int gid, UnixFileMode mode)
    {
        var name = Normalize(containerPath);
        _entries[name] = () => new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = File.OpenRead(hostPath),
            Uid = uid,
            Gid = gid,
            Mode = mode & ~SetIdBits,
            ModificationTime = Timestamp,
        };
        return this;
    }

    /// <summary>Adds (or replaces) a folder entry with the given owner and mode.</summary>
    public LayerBuilder AddDirectory(string containerPath, int uid, int gid, UnixFileMode mode)
    {
        var name = Normalize(containerPath);
        _entries[name] = () => new PaxTarEntry(TarEntryType.Directory, name)
        {
            Uid = uid,
            Gid = gid,
            Mode = mode & ~SetIdBits,
            ModificationTime = Timestamp,
        };
        return this;
    }

    /// <summary>Writes the layer; entries are sorted so that parents come before children.</summary>
    public void WriteTo(Stream output)
    {
        using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (_, create) in _entries)
        {
            var entry = create();
            try
            {
                writer.WriteEntry(entry);
            }
            finally
            {
                entry.DataStream?.Dispose();
            }
        }
    }

    private static UnixFileMode Sanitize(UnixFileMode mode) => mode & ~SetIdBits & ~OthersWrite;

    private static UnixFileMode NormalizedMode(FileSystemInfo file)
    {
        const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode Executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var executable = file.Name.EndsWith(".sh", StringComparison.Ordinal) || (file.UnixFileMode & Executable) != 0;
        return executable ? Readable | Executable : Readable;
    }

    private static string Normalize(string containerPath) => containerPath.Trim('/');
}
