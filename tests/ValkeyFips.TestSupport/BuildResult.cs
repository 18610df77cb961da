// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

namespace ValkeyFips.TestSupport;

/// <summary>The outcome of one MSBuild run; its log is the failure message of any assertion on it.</summary>
public sealed record BuildResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"exit code {ExitCode}\n{Output}";
}
