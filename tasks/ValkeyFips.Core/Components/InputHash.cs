// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Text;

namespace ValkeyFips.Core.Components;

/// <summary>
/// Builds a stable digest over named inputs. The order of <see cref="Add(string, string?)"/> calls
/// does not matter; names are unique. Two builds with the same inputs get the same hash on any
/// machine, which is what lets a cached install tree or image stand in for a rebuild.
/// </summary>
public sealed class InputHash
{
    private readonly SortedDictionary<string, string> _inputs = new(StringComparer.Ordinal);

    public InputHash Add(string name, string? value)
    {
        _inputs.Add(name, value ?? string.Empty);
        return this;
    }

    public InputHash Add(string name, IEnumerable<string> values) =>
        Add(name, string.Join('\n', values));

    /// <summary>Adds every file below a folder, by relative path and content.</summary>
    /// <param name="name">The input's name.</param>
    /// <param name="directory">The folder.</param>
    /// <param name="except">A relative path left out.</param>
    public InputHash AddDirectory(string name, string directory, string? except = null)
    {
        var root = Path.GetFullPath(directory);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != except)
            .Order(StringComparer.Ordinal);
        var lines = files.Select(f => f + ":" + Sha256Digest.Of(File.ReadAllBytes(Path.Combine(root, f))));
        return Add(name, lines);
    }

    /// <summary>The hex digest of every input added so far.</summary>
    public string Compute()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in _inputs)
        {
            // Length-prefixed so that no value can forge the boundary of another.
            text.Append(name.Length).Append(':').Append(name)
                .Append(value.Length).Append(':').Append(value).Append('\n');
        }

        return Sha256Digest.Of(text.ToString());
    }
}
