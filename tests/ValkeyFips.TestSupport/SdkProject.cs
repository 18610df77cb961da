// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Security;
using System.Text;

namespace ValkeyFips.TestSupport;

/// <summary>
/// A <c>.vfproj</c> generated in a temporary folder that imports the SDK from the source tree
/// and the task assembly built beside the tests, with a cache of its own.
/// </summary>
public sealed class SdkProject : IDisposable
{
    private readonly Dictionary<string, string> _properties = new();
    private readonly List<string> _items = [];

    public SdkProject(string name = "test")
    {
        Directory = Path.Combine(Path.GetTempPath(), "vf-project-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(Directory);
        Name = name;
        CacheDirectory = Path.Combine(Directory, "cache");
        SetProperty("ValkeyFipsCacheDirectory", CacheDirectory);
        SetProperty("ValkeyFipsTasksAssembly", Path.Combine(AppContext.BaseDirectory, "ValkeyFips.Tasks.dll"));
        SetProperty("ValkeyFipsCatalogPath", Repository.CatalogPath);
    }

    public string Directory { get; }

    public string Name { get; }

    public string CacheDirectory { get; }

    public string ProjectPath => Path.Combine(Directory, Name + ".vfproj");

    public Dictionary<string, string?> Environment { get; } = new();

    public SdkProject SetProperty(string name, string value)
    {
        _properties[name] = value;
        return this;
    }

    /// <summary>Adds an item; metadata become attributes.</summary>
    public SdkProject AddItem(string type, string include, params (string Name, string Value)[] metadata)
    {
        var text = new StringBuilder($"    <{type} Include=\"{SecurityElement.Escape(include)}\"");
        foreach (var (name, value) in metadata)
        {
            text.Append($" {name}=\"{SecurityElement.Escape(value)}\"");
        }

        _items.Add(text.Append(" />").ToString());
        return this;
    }

    public SdkProject RemoveItems(string type, string include)
    {
        _items.RemoveAll(i => i.StartsWith($"    <{type} Include=\"{include}\"", StringComparison.Ordinal));
        return this;
    }

    public void Write()
    {
        var sdk = Path.Combine(Repository.SdkDirectory, "Sdk");
        var text = new StringBuilder()
            .AppendLine("<Project>")
            .AppendLine($"  <Import Project=\"{sdk}/Sdk.props\" />")
            .AppendLine("  <PropertyGroup>");
        foreach (var (name, value) in _properties)
        {
            text.AppendLine($"    <{name}>{SecurityElement.Escape(value)}</{name}>");
        }

        text.AppendLine("  </PropertyGroup>").AppendLine("  <ItemGroup>");
        foreach (var item in _items)
        {
            text.AppendLine(item);
        }

        text.AppendLine("  </ItemGroup>")
            .AppendLine($"  <Import Project=\"{sdk}/Sdk.targets\" />")
            .AppendLine("</Project>");
        File.WriteAllText(ProjectPath, text.ToString());
    }

    /// <summary>Runs MSBuild on the project with the given targets and global properties (NAME=VALUE; an argument starting with '-' is passed as it is).</summary>
    public Task<BuildResult> BuildAsync(string targets = "Build", params string[] properties)
    {
        Write();
        var arguments = new List<string> { "msbuild", ProjectPath, $"-t:{targets}", "-nologo", "-v:n", "-tl:off", "-nr:false" };
        arguments.AddRange(properties.Select(p => p.StartsWith('-') ? p : "-p:" + p));
        return ProcessHelper.RunAsync("dotnet", arguments, Directory, Environment);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
