// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

namespace ValkeyFips.Core.Diagnostics;

/// <summary>
/// A failure the user can act on. It carries one of the codes in <see cref="ErrorCodes"/> and a
/// message that says what to change; tasks turn it into a coded MSBuild error.
/// </summary>
public sealed class VfException : Exception
{
    public VfException(string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    /// <summary>The diagnostic code, <c>VF</c> and four digits.</summary>
    public string Code { get; }

    /// <summary>
    /// Tool output that explains the failure (the last lines of a build log). Reported as plain
    /// lines before the coded error, so that the error itself stays one readable sentence.
    /// </summary>
    public string? Details { get; init; }

    public override string ToString() => $"{Code}: {Message}";
}
