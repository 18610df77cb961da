// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.ComponentModel;
using System.Diagnostics;

namespace ValkeyFips.Core.Engine;

/// <summary>Runs a host program to completion, streaming its output lines.</summary>
public static class ProcessRunner
{
    /// <returns>The exit code, or null when the program is not installed.</returns>
    public static async Task<int?> RunAsync(
        string fileName, IEnumerable<string> arguments, Action<string> onLine, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { onLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { onLine(e.Data); } };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            return null;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode;
    }
}
