// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Text.RegularExpressions;

namespace ValkeyFips.Core.Images;

/// <summary>
/// A path relative to an install prefix, optionally with <c>*</c> wildcards that stay within one
/// path part. It matches the path itself and everything below it.
/// </summary>
public sealed class PathPattern
{
    private readonly Regex _regex;

    private PathPattern(Regex regex)
    {
        _regex = regex;
    }

    public static PathPattern Parse(string pattern)
    {
        var escaped = Regex.Escape(pattern.Trim('/')).Replace("\\*", "[^/]*", StringComparison.Ordinal);
        return new PathPattern(new Regex($"^{escaped}(/.*)?$", RegexOptions.CultureInvariant));
    }

    public bool Matches(string relativePath) => _regex.IsMatch(relativePath);
}
