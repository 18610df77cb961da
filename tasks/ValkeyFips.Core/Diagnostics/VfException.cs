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

    /// <summary>The project file, when the failure belongs to one.</summary>
    public string? File { get; init; }

    public override string ToString() => $"{Code}: {Message}";
}
