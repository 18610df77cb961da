// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.ComponentModel;
using System.Diagnostics;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed class ShellScriptTests
{
    [TestMethod]
    public void EveryShippedScriptIsShellcheckClean()
    {
        var scripts = new[] { "sdk", "eng", "tests", ".ci" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Fixtures.RepoRoot, folder), "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".sh", StringComparison.Ordinal) || Path.GetFileName(f) == "run")
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .ToList();
        Assert.IsTrue(scripts.Count >= 8, string.Join(", ", scripts));

        var info = new ProcessStartInfo("shellcheck") { RedirectStandardOutput = true, WorkingDirectory = Fixtures.RepoRoot };
        info.ArgumentList.Add("-x");
        foreach (var script in scripts)
        {
            info.ArgumentList.Add(Path.GetRelativePath(Fixtures.RepoRoot, script));
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            const string Message = "shellcheck is not installed; eng/setup.sh installs it.";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(Message);
            }

            Assert.Inconclusive(Message);
            return;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.AreEqual(0, process.ExitCode, output);
        }
    }
}
