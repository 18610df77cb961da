// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

namespace ValkeyFips.TestSupport;

/// <summary>
/// Projects whose OpenSSL and Valkey come from the user's component cache, shared with the other
/// tiers and the main build, so that tests about the image do not compile them again.
/// </summary>
public static class SharedComponents
{
    /// <summary>The cache the SDK uses by default for this user.</summary>
    public static string Cache =>
        Environment.GetEnvironmentVariable("VALKEYFIPS_CACHE") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".cache", "valkeyfips");

    /// <summary>The source feed eng/fetch-sources.sh fills.</summary>
    public static string SourceFeed => Path.Combine(Repository.Root, "artifacts", "sources");

    /// <summary>A project with openssl 3.0.20 (allowed though not validated) and, unless left out, valkey.</summary>
    public static SdkProject Project(string containerRepository, bool withValkey = true)
    {
        var project = new SdkProject();
        project.SetProperty("ValkeyFipsCacheDirectory", Cache);
        project.SetProperty("ValkeyFipsSourceFeeds", SourceFeed);
        project.SetProperty("ValkeyFipsAllowNonValidatedModule", "true");
        project.SetProperty("ContainerRepository", containerRepository);
        project.AddItem("ComponentReference", "openssl", ("Version", "3.0.20"));
        if (withValkey)
        {
            project.AddItem("ComponentReference", "valkey", ("Version", "8.1.1+dfsg1"));
        }

        return project;
    }
}
