// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using ValkeyFips.Core.Components;

namespace ValkeyFips.Core.Tests;

internal static class Fixtures
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string CatalogPath => Path.Combine(RepoRoot, "seeds", "catalog.json");

    public static string RecipesDirectory => Path.Combine(RepoRoot, "sdk", "assets", "recipes");

    public static ComponentResolver Resolver(string? projectDirectory = null) =>
        new(Catalog.Load(CatalogPath), projectDirectory ?? RepoRoot, RecipesDirectory);

    /// <summary>A recipe folder with the given manifest, for components the catalog does not know.</summary>
    public static string Recipe(TestDirectory directory, string name, string manifest = "{}")
    {
        directory.Write($"{name}/build.sh", "#!/bin/bash\necho build\n");
        directory.Write($"{name}/recipe.json", manifest);
        return directory.Combine(name);
    }

    public static string Sha(char c) => new(c, 64);

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ValkeyFips.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ValkeyFips.Sdk.sln not found above the test folder");
    }
}
