// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

namespace ValkeyFips.Core.Diagnostics;

/// <summary>
/// Where the core reports progress. Implementations must accept calls from any thread: component
/// builds run in parallel.
/// </summary>
public interface IBuildLog
{
    /// <summary>A step the user wants to see at normal verbosity.</summary>
    void Info(string message);

    /// <summary>Tool output and details, shown at detailed verbosity.</summary>
    void Detail(string message);

    /// <summary>A coded warning.</summary>
    void Warning(string code, string message);
}

/// <summary>A log that drops everything; for callers that do not need progress.</summary>
public sealed class NullBuildLog : IBuildLog
{
    public static readonly NullBuildLog Instance = new();

    public void Info(string message)
    {
    }

    public void Detail(string message)
    {
    }

    public void Warning(string code, string message)
    {
    }
}
