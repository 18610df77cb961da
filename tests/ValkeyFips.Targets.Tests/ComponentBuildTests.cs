// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.TestSupport;

namespace ValkeyFips.Targets.Tests;

[TestClass]
public sealed class ComponentBuildTests
{
    private const string BuildTarget = "ValkeyFipsBuildComponents";

    [TestMethod]
    [Timeout(20 * 60 * 1000, CooperativeCancellation = true)]
    public async Task BuildsInAContainerIsCachedAndRebuildsWhenTheSourceChanges()
    {
        using var docker = await DockerRequirement.EnsureAsync();
        using var project = FixtureComponent.Project();

        var first = await project.BuildAsync(BuildTarget);
        Assert.IsTrue(first.Succeeded, first.ToString());
        StringAssert.Contains(first.Output, "hello: building 1.0");
        var tree = SingleTree(project);
        var program = Path.Combine(tree, "opt", "hello", "bin", "hello");
        var run = await ProcessHelper.RunAsync(program, [], project.Directory);
        Assert.AreEqual("hello from the fixture", run.Output.Trim());
        Assert.IsTrue(File.Exists(Path.Combine(project.Directory, "valkeyfips.lock.json")));

        var before = await DockerRequirement.MarkAsync();
        var second = await project.BuildAsync(BuildTarget);
        var after = DateTimeOffset.UtcNow;
        Assert.IsTrue(second.Succeeded, second.ToString());
        StringAssert.Contains(second.Output, "hello: up to date");
        var created = await DockerRequirement.ContainersCreatedAsync(docker, before, after);
        Assert.AreEqual(0, created.Count, "a cached build starts no container: " + string.Join(", ", created));

        var changed = FixtureComponent.WriteSource(project, "1.0", "hello again");
        project.RemoveItems("ComponentReference", "hello").AddItem(
            "ComponentReference",
            "hello",
            ("Version", "1.0"),
            ("Sha256", changed),
            ("ArchiveFileName", "hello-1.0.tar.gz"),
            ("Recipe", FixtureComponent.RecipeDirectory));
        var third = await project.BuildAsync(BuildTarget);
        Assert.IsTrue(third.Succeeded, third.ToString());
        StringAssert.Contains(third.Output, "hello: building 1.0");
        var trees = Directory.GetDirectories(Path.Combine(project.CacheDirectory, "trees"));
        Assert.AreEqual(2, trees.Length, "the new source gives a new install tree; the old one stays cached");
    }

    [TestMethod]
    [Timeout(20 * 60 * 1000, CooperativeCancellation = true)]
    public async Task FailingRecipeKeepsItsLogAndLeavesNoTreeOrContainer()
    {
        using var docker = await DockerRequirement.EnsureAsync();
        using var project = FixtureComponent.Project();
        var recipe = Path.Combine(project.Directory, "broken");
        Directory.CreateDirectory(recipe);
        File.Copy(Path.Combine(FixtureComponent.RecipeDirectory, "recipe.json"), Path.Combine(recipe, "recipe.json"));
        File.WriteAllText(Path.Combine(recipe, "build.sh"), "echo 'about to fail'\nmkdir -p \"$VF_DESTDIR$VF_PREFIX\"\nexit 3\n");
        project.RemoveItems("ComponentReference", "hello").AddItem(
            "ComponentReference",
            "hello",
            ("Version", "1.0"),
            ("Sha256", FixtureComponent.WriteSource(project, "1.0")),
            ("ArchiveFileName", "hello-1.0.tar.gz"),
            ("Recipe", recipe));

        var before = await DockerRequirement.MarkAsync();
        var result = await project.BuildAsync(BuildTarget);

        Assert.IsFalse(result.Succeeded, result.ToString());
        StringAssert.Contains(result.Output, "error VF3004");
        StringAssert.Contains(result.Output, "about to fail");
        var log = Path.Combine(project.Directory, "obj", "Debug", "valkeyfips", "logs", "hello.log");
        StringAssert.Contains(File.ReadAllText(log), "about to fail");
        var trees = Path.Combine(project.CacheDirectory, "trees");
        Assert.AreEqual(0, Directory.Exists(trees) ? Directory.GetFileSystemEntries(trees).Length : 0, "no partial tree");
        var created = (await DockerRequirement.ContainersCreatedAsync(docker, before, DateTimeOffset.UtcNow))
            .Where(n => n.StartsWith("valkeyfips-build-hello", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(1, created.Count, string.Join(", ", created));
        var left = await docker.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters { All = true });
        Assert.IsFalse(left.Any(c => c.Names.Any(n => created.Any(x => n.TrimStart('/') == x))), "the build container was removed");
    }

    private static string SingleTree(SdkProject project)
    {
        var trees = Directory.GetDirectories(Path.Combine(project.CacheDirectory, "trees"));
        Assert.AreEqual(1, trees.Length, string.Join(", ", trees));
        return trees[0];
    }
}
