// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace ValkeyFips.TestSupport;

/// <summary>Makes small source tarballs for fixture components.</summary>
public static class Tarball
{
    /// <summary>Writes a .tar.gz with one top folder holding the given files; returns its sha256.</summary>
    public static string Write(string path, string topFolder, IReadOnlyDictionary<string, string> files)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var output = File.Create(path))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, $"{topFolder}/{name}")
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                };
                tar.WriteEntry(entry);
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
    }
}
