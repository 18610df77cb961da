// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace ValkeyFips.Tasks;

/// <summary>The user running the build, so that build containers write files the user owns.</summary>
internal static class HostUser
{
    /// <summary><c>uid:gid</c> of the current process.</summary>
    public static string Current => $"{getuid()}:{getgid()}";

    [DllImport("libc")]
    private static extern uint getuid();

    [DllImport("libc")]
    private static extern uint getgid();
}
