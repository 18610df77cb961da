// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed class BuildGraphTests
{
    private readonly TestDirectory _directory = new();

    [TestCleanup]
    public void Cleanup() => _directory.Dispose();

    [TestMethod]
    public void DependenciesComeFirst()
    {
        var graph = BuildGraph.Create(Resolve(("app", "lib"), ("lib", "base"), ("base", null)));

        CollectionAssert.AreEqual(new[] { "base", "lib", "app" }, graph.Order.Select(c => c.Name).ToArray());
        CollectionAssert.AreEquivalent(new[] { "lib", "base" }, graph.ClosureOf(graph["app"]).Select(c => c.Name).ToArray());
    }

    [TestMethod]
    public void CycleIsRefusedWithItsPath()
    {
        var error = Assert.ThrowsExactly<VfException>(() => BuildGraph.Create(Resolve(("a", "b"), ("b", "c"), ("c", "a"))));

        Assert.AreEqual(ErrorCodes.DependencyCycle, error.Code);
        StringAssert.Contains(error.Message, "a -> b -> c -> a");
    }

    [TestMethod]
    public void SelfDependencyIsACycle()
    {
        var error = Assert.ThrowsExactly<VfException>(() => BuildGraph.Create(Resolve(("a", "a"))));

        Assert.AreEqual(ErrorCodes.DependencyCycle, error.Code);
    }

    [TestMethod]
    public void InputHashesAreStableAndFollowDependencies()
    {
        var first = BuildGraph.Create(Resolve(("app", "lib"), ("lib", null))).ComputeInputHashes();
        var again = BuildGraph.Create(Resolve(("app", "lib"), ("lib", null))).ComputeInputHashes();
        var changedLib = BuildGraph.Create(Resolve(("app", "lib"), ("lib", null), libDigest: 'e')).ComputeInputHashes();

        Assert.AreEqual(first["app"], again["app"]);
        Assert.AreNotEqual(first["lib"], changedLib["lib"]);
        Assert.AreNotEqual(first["app"], changedLib["app"], "a changed dependency rebuilds its dependents");
    }

    private List<ResolvedComponent> Resolve(params (string Name, string? DependsOn)[] components) =>
        Resolve(components, 'd');

    private List<ResolvedComponent> Resolve((string Name, string? DependsOn) a, (string, string?) b, char libDigest) =>
        Resolve([a, b], libDigest);

    private List<ResolvedComponent> Resolve((string Name, string? DependsOn)[] components, char libDigest)
    {
        var recipe = Fixtures.Recipe(_directory, "r");
        return Fixtures.Resolver(_directory.Path).Resolve(components.Select(c => new ComponentReference(c.Name)
        {
            Version = "1.0",
            Url = $"https://e.test/{c.Name}-1.0.tar.gz",
            Sha256 = Fixtures.Sha(c.Name == "lib" ? libDigest : 'd'),
            Recipe = recipe,
            DependsOn = c.DependsOn is null ? [] : [c.DependsOn],
        })).ToList();
    }
}
