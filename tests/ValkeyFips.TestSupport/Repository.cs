// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

namespace ValkeyFips.TestSupport;

/// <summary>Paths in the source tree the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string SdkDirectory => Path.Combine(Root, "sdk");

    public static string CatalogPath => Path.Combine(Root, "seeds", "catalog.json");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ValkeyFips.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ValkeyFips.Sdk.sln not found above the test folder");
    }
}
