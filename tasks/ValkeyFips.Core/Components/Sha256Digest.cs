// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using System.Text;

namespace ValkeyFips.Core.Components;

/// <summary>Helpers for the lower-case hexadecimal SHA-256 digests used everywhere in the SDK.</summary>
public static class Sha256Digest
{
    public static bool IsValid(string? value) =>
        value is { Length: 64 } && value.All(Uri.IsHexDigit);

    /// <summary>Lower-cases a digest the user typed; the caller has checked it with <see cref="IsValid"/>.</summary>
    public static string Normalize(string value) => value.Trim().ToLowerInvariant();

    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));

    public static string Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }
}
