// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Collections.Concurrent;
using Microsoft.Build.Framework;
using ValkeyFips.Core.Diagnostics;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace ValkeyFips.Tasks;

/// <summary>
/// Base of the SDK's tasks: runs an asynchronous core on a worker while the MSBuild thread logs
/// what it reports (MSBuild's logger is not for other threads), turns <see cref="VfException"/>
/// into a coded error, and stops on Ctrl+C.
/// </summary>
public abstract class VfTask : MSBuildTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly BlockingCollection<Action> _messages = new();

    /// <summary>The project being built, named in coded errors.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>The progress sink handed to the core.</summary>
    protected IBuildLog BuildLog => new QueuedLog(this);

    /// <summary>Called by MSBuild on Ctrl+C: stops the running container and the task.</summary>
    public void Cancel() => _cancel.Cancel();

    /// <inheritdoc/>
    public sealed override bool Execute()
    {
        // MSBuild cancels on Ctrl+C; a SIGTERM (a CI timeout, `timeout`, `docker stop` of a build
        // agent) gets the same treatment, so that build containers do not outlive the build.
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                Cancel();
            });
        var work = Task.Run(async () =>
        {
            try
            {
                await ExecuteAsync(_cancel.Token).ConfigureAwait(false);
            }
            finally
            {
                _messages.CompleteAdding();
            }
        });

        foreach (var message in _messages.GetConsumingEnumerable())
        {
            message();
        }

        try
        {
            work.GetAwaiter().GetResult();
        }
        catch (VfException e)
        {
            if (!string.IsNullOrEmpty(e.Details))
            {
                foreach (var line in e.Details.Split('\n'))
                {
                    Log.LogMessage(MessageImportance.High, "  | {0}", line);
                }
            }

            LogError(e.Code, e.Message);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            LogError(ErrorCodes.BuildCancelled, "The build was cancelled; nothing it had started was kept.");
        }
        catch (Docker.DotNet.DockerApiException e)
        {
            LogError(
                ErrorCodes.EngineRefused,
                $"The Docker engine refused a request ({e.StatusCode}): {e.ResponseBody?.Trim()}. Check the project's "
                + "values named in the message; if they look right, this is a bug in ValkeyFips.Sdk.");
            Log.LogMessage(MessageImportance.Low, "{0}", e.ToString());
        }
        catch (Exception e)
        {
            // Never a stack trace as the error: a code, the message, and the trace for a bug report.
            LogError(
                ErrorCodes.Unexpected,
                $"{e.GetType().Name}: {e.Message}. This was not foreseen: please report it with the detailed build log.");
            Log.LogMessage(MessageImportance.Low, "{0}", e.ToString());
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>The task's work. Report through <see cref="BuildLog"/>; fail by throwing <see cref="VfException"/>.</summary>
    protected abstract Task ExecuteAsync(CancellationToken cancellationToken);

    /// <summary>Queues a log call for the MSBuild thread; callable from any thread.</summary>
    protected void Post(Action log)
    {
        try
        {
            _messages.Add(log);
        }
        catch (InvalidOperationException)
        {
            // The task already finished; a late message from a cancelled worker is dropped.
        }
    }

    /// <summary>Logs a coded error against the project file.</summary>
    protected void LogError(string code, string message) =>
        Log.LogError(null, code, null, ProjectFile, 0, 0, 0, 0, "{0}", message);

    /// <summary>Splits an MSBuild list property or metadata value.</summary>
    protected static string[] SplitList(string? value) =>
        (value ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed class QueuedLog(VfTask task) : IBuildLog
    {
        public void Info(string message) =>
            task.Post(() => task.Log.LogMessage(MessageImportance.High, "{0}", message));

        public void Detail(string message) =>
            task.Post(() => task.Log.LogMessage(MessageImportance.Normal, "{0}", message));

        public void Warning(string code, string message) =>
            task.Post(() => task.Log.LogWarning(null, code, null, task.ProjectFile, 0, 0, 0, 0, "{0}", message));
    }
}
