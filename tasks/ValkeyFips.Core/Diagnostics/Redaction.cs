// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

namespace ValkeyFips.Core.Diagnostics;

/// <summary>
/// Removes what may be a credential from a location before it is logged or recorded: the user
/// information of a URL (<c>user:password@</c>) and its query (<c>?token=…</c>).
/// </summary>
public static class Redaction
{
    public static string Location(string location)
    {
        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || uri.IsFile)
        {
            return location;
        }

        var builder = new UriBuilder(uri);
        if (!string.IsNullOrEmpty(builder.UserName) || !string.IsNullOrEmpty(builder.Password))
        {
            builder.UserName = "***";
            builder.Password = string.Empty;
        }

        if (builder.Query.Length > 1)
        {
            builder.Query = "***";
        }

        return builder.Uri.ToString();
    }
}
