// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.TestSupport;

namespace ValkeyFips.Targets.Tests;

/// <summary>The tiny component the targets tests build: one C program in a tarball made here.</summary>
internal static class FixtureComponent
{
    public static string RecipeDirectory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "hello");

    /// <summary>Writes hello-VERSION.tar.gz into the project's feed folder and returns its digest.</summary>
    public static string WriteSource(SdkProject project, string version, string greeting = "hello from the fixture")
    {
        var source = $"#include <stdio.h>\nint main(void) {{ puts(\"{greeting}\"); return 0; }}\n";
        return Tarball.Write(
            Path.Combine(project.Directory, "feed", $"hello-{version}.tar.gz"),
            $"hello-{version}",
            new Dictionary<string, string> { ["hello.c"] = source });
    }

    /// <summary>A project that builds the fixture from its own feed folder.</summary>
    public static SdkProject Project(string version = "1.0")
    {
        var project = new SdkProject();
        var sha = WriteSource(project, version);
        project.SetProperty("ValkeyFipsSourceFeeds", "feed");
        project.AddItem(
            "ComponentReference",
            "hello",
            ("Version", version),
            ("Sha256", sha),
            ("ArchiveFileName", $"hello-{version}.tar.gz"),
            ("Recipe", RecipeDirectory));
        return project;
    }
}
