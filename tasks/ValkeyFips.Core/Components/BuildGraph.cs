// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Components;

/// <summary>The components of a project ordered so that every component follows its dependencies.</summary>
public sealed class BuildGraph
{
    private readonly Dictionary<string, ResolvedComponent> _byName;

    private BuildGraph(IReadOnlyList<ResolvedComponent> order)
    {
        Order = order;
        _byName = order.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Components in a build order: dependencies first, ties in project order.</summary>
    public IReadOnlyList<ResolvedComponent> Order { get; }

    public ResolvedComponent this[string name] => _byName[name];

    /// <summary>Orders the components; a dependency cycle is reported with its full path.</summary>
    public static BuildGraph Create(IReadOnlyList<ResolvedComponent> components)
    {
        var byName = components.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var order = new List<ResolvedComponent>();
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var path = new List<string>();

        void Visit(ResolvedComponent component)
        {
            if (done.Contains(component.Name))
            {
                return;
            }

            var index = path.FindIndex(p => string.Equals(p, component.Name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                var cycle = string.Join(" -> ", path.Skip(index).Append(component.Name));
                throw new VfException(
                    ErrorCodes.DependencyCycle,
                    $"The components depend on each other in a cycle: {cycle}. Remove one of these "
                    + "DependsOn entries.");
            }

            path.Add(component.Name);
            foreach (var dependency in component.DependsOn)
            {
                Visit(byName[dependency]);
            }

            path.RemoveAt(path.Count - 1);
            done.Add(component.Name);
            order.Add(component);
        }

        foreach (var component in components)
        {
            Visit(component);
        }

        return new BuildGraph(order);
    }

    /// <summary>
    /// A digest per component over everything the project decides about its build: name, version,
    /// source digest, recipe files, prefix, options and, through their own digests, its
    /// dependencies. It does not depend on the machine, so a lock file can record it.
    /// </summary>
    public IReadOnlyDictionary<string, string> ComputeInputHashes()
    {
        var hashes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var component in Order)
        {
            hashes[component.Name] = new InputHash()
                .Add("name", component.Name)
                .Add("version", component.Version)
                .Add("source", component.Pin)
                .Add("recipe", component.Recipe.ComputeDigest())
                .Add("prefix", component.Prefix)
                .Add("options", component.BuildOptions)
                .Add("dependencies", DependenciesOf(component).Select(d => $"{d.Name}={hashes[d.Name]}"))
                .Compute();
        }

        return hashes;
    }

    /// <summary>The direct dependencies of a component, resolved.</summary>
    public IEnumerable<ResolvedComponent> DependenciesOf(ResolvedComponent component) =>
        component.DependsOn.Select(d => _byName[d]);

    /// <summary>Every component the given one builds against, directly or not.</summary>
    public IReadOnlyList<ResolvedComponent> ClosureOf(ResolvedComponent component)
    {
        var result = new List<ResolvedComponent>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        void Walk(ResolvedComponent c)
        {
            foreach (var d in DependenciesOf(c))
            {
                if (seen.Add(d.Name))
                {
                    Walk(d);
                    result.Add(d);
                }
            }
        }

        Walk(component);
        return result;
    }
}
