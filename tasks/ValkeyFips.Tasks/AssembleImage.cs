// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Globalization;
using System.Text.Json;
using Microsoft.Build.Framework;
using ValkeyFips.Core.Build;
using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;
using ValkeyFips.Core.Engine;
using ValkeyFips.Core.Evidence;
using ValkeyFips.Core.Images;

namespace ValkeyFips.Tasks;

/// <summary>
/// Assembles the image from the built components, verifies it in a container, tags it only when
/// verification passed, and writes the evidence. When nothing that goes into the image changed
/// and the engine still has it, no container starts.
/// </summary>
public sealed class AssembleImage : ComponentTask
{
    /// <summary>The base image id from <see cref="BuildComponents"/>.</summary>
    [Required]
    public string BaseImageId { get; set; } = string.Empty;

    /// <summary>How the base is described in the evidence.</summary>
    public string BaseImageDescription { get; set; } = string.Empty;

    /// <summary>Distribution packages added to the base besides those the recipes declare.</summary>
    public string[] RuntimePackages { get; set; } = [];

    /// <summary>Files placed in the image: item spec is the host path; metadata Destination, Owner, Group, Mode (octal).</summary>
    public ITaskItem[] ImageFiles { get; set; } = [];

    /// <summary>Host folders copied into the image as root's: item spec is the folder; metadata Destination.</summary>
    public ITaskItem[] ImageTrees { get; set; } = [];

    /// <summary>Folders with their own owner: item spec is the path in the image; metadata Owner, Group, Mode.</summary>
    public ITaskItem[] ImageDirectories { get; set; } = [];

    /// <summary>The account the image runs as.</summary>
    [Required]
    public string UserName { get; set; } = string.Empty;

    /// <summary>The numeric user id of the account (ContainerUser).</summary>
    [Required]
    public int UserId { get; set; }

    /// <summary>The numeric primary group of the account.</summary>
    public int GroupId { get; set; }

    /// <summary>The account's home folder.</summary>
    public string UserHome { get; set; } = "/";

    /// <summary>ContainerEnvironmentVariable items: item spec is the name, metadata Value.</summary>
    public ITaskItem[] EnvironmentVariables { get; set; } = [];

    /// <summary>ContainerLabel items: item spec is the name, metadata Value.</summary>
    public ITaskItem[] Labels { get; set; } = [];

    /// <summary>ContainerPort items: item spec is the port, metadata Type (tcp or udp).</summary>
    public ITaskItem[] Ports { get; set; } = [];

    /// <summary>The image's entrypoint.</summary>
    public string[] Entrypoint { get; set; } = [];

    /// <summary>The image's default command.</summary>
    public string[] Command { get; set; } = [];

    /// <summary>The image's working folder.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>The health check command; empty for none.</summary>
    public string[] HealthCheck { get; set; } = [];

    /// <summary>The repository the image is tagged in (ContainerRegistry/ContainerRepository).</summary>
    [Required]
    public string Repository { get; set; } = string.Empty;

    /// <summary>The tags (ContainerImageTags).</summary>
    [Required]
    public string[] Tags { get; set; } = [];

    /// <summary>The folder with the setup script run as root in the image.</summary>
    [Required]
    public string SetupDirectory { get; set; } = string.Empty;

    /// <summary>The folder with the verification script.</summary>
    [Required]
    public string VerifyDirectory { get; set; } = string.Empty;

    /// <summary>False to skip verification (the build says so loudly).</summary>
    public bool Verify { get; set; } = true;

    /// <summary>What the verification expects: item spec is the variable name, metadata Value.</summary>
    public ITaskItem[] VerifyEnvironment { get; set; } = [];

    /// <summary>Which FIPS module the image uses, for the evidence.</summary>
    public string CryptoModule { get; set; } = string.Empty;

    /// <summary>One sentence on the module's validation, for the evidence.</summary>
    public string ValidationStatement { get; set; } = string.Empty;

    /// <summary>Records what the last image was made from, so that a no-op build changes nothing.</summary>
    [Required]
    public string StampFile { get; set; } = string.Empty;

    /// <summary>Where the SBOM, checksums, verification output and summary go.</summary>
    [Required]
    public string EvidenceDirectory { get; set; } = string.Empty;

    /// <summary>A folder for the layer tarball while it is sent to the engine.</summary>
    [Required]
    public string ScratchDirectory { get; set; } = string.Empty;

    /// <summary>Push every tag after the build (ContainerRegistry is set).</summary>
    public bool Push { get; set; }

    /// <summary>The new image's id.</summary>
    [Output]
    public string ImageId { get; private set; } = string.Empty;

    /// <summary>Every repository:tag the image got.</summary>
    [Output]
    public string[] ImageReferences { get; private set; } = [];

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var graph = LoadGraph();
        var built = graph.Order.Select(c => new BuiltComponent(
            c, ItemFor(c.Name).GetMetadata("CacheKey"), ItemFor(c.Name).GetMetadata("TreeDirectory"), FromCache: true)).ToList();
        var files = ImageFiles.Select(i => new ImageFile(
            ExistingFile(i),
            ImagePath(i, Require(i, "Destination")),
            IntOr(i, "Owner", 0),
            IntOr(i, "Group", 0),
            ModeOr(i, "Mode", "0644"))).ToList();
        var trees = ImageTrees.Select(i => new ImageTree(ExistingDirectory(i), ImagePath(i, Require(i, "Destination"), allowRoot: true))).ToList();
        var directories = ImageDirectories.Select(i => new ImageDirectory(
            ImagePath(i, i.ItemSpec), IntOr(i, "Owner", UserId), IntOr(i, "Group", GroupId), ModeOr(i, "Mode", "0770"))).ToList();
        var settings = Settings(graph);
        var account = new ImageAccount(UserName, UserId, GroupId, UserHome);
        ImageReferences = Tags.Select(t => $"{Repository}:{t}").ToArray();

        using var engine = await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var packages = graph.Order.SelectMany(c => c.Recipe.Manifest.RuntimePackages).Concat(RuntimePackages).ToList();
        var badPackage = RuntimePackages.FirstOrDefault(p => !DistributionPackage.IsValidName(p));
        if (badPackage is not null)
        {
            throw new VfException(
                ErrorCodes.InvalidImageItem,
                $"ValkeyFipsRuntimePackage '{badPackage}' is not a distribution package name (lower-case letters, digits, "
                + "'+', '-', '.'). Name one package per item.");
        }

        var runtimeBase = await new BaseImages(engine, ScratchDirectory, BuildLog)
            .EnsurePackagesAsync(BaseImageId, packages, "runtime", cancellationToken).ConfigureAwait(false);

        var inputs = new InputHash()
            .Add("runtime-base", runtimeBase)
            .Add("components", built.Select(b => $"{b.Component.Name}={b.InputHash}"))
            .Add("exclusions", built.Select(b => $"{b.Component.Name}:{string.Join(',', b.Component.Recipe.Manifest.ImageExclude)}"))
            .Add("files", files.Select(f => $"{f.Destination}:{f.Uid}:{f.Gid}:{(int)f.Mode}:{Sha256Digest.Of(File.ReadAllBytes(f.HostPath))}"))
            .Add("trees", trees.Select(t => $"{t.Destination}:{new InputHash().AddDirectory("d", t.HostDirectory).Compute()}"))
            .Add("directories", directories.Select(d => $"{d.Path}:{d.Uid}:{d.Gid}:{(int)d.Mode}"))
            .Add("account", $"{account}")
            .Add("settings", JsonSerializer.Serialize(settings))
            .Add("setup", new InputHash().AddDirectory("d", SetupDirectory).Compute())
            .Add("verify", Verify ? new InputHash().AddDirectory("d", VerifyDirectory).Compute() : "off")
            .Add("verify-environment", VerifyEnvironment.Select(i => $"{i.ItemSpec}={i.GetMetadata("Value")}"))
            .Compute();

        var stamp = ReadStamp();
        if (stamp is { } s && s.Inputs == inputs && await engine.FindImageAsync(s.ImageId, cancellationToken).ConfigureAwait(false) is not null)
        {
            ImageId = s.ImageId;
            await TagAllAsync(engine, cancellationToken).ConfigureAwait(false);
            BuildLog.Info($"image: up to date ({string.Join(", ", ImageReferences)}, {ShortId(ImageId)})");
            if (Push && !ImageReferences.All(r => s.Pushed?.Contains(r) == true))
            {
                await PushAllAsync(engine, cancellationToken).ConfigureAwait(false);
                WriteStamp(s with { Pushed = ImageReferences });
            }

            return;
        }

        BuildLog.Info($"image: assembling {string.Join(", ", ImageReferences)}");
        var id = await new ImageAssembler(engine, BuildLog).AssembleAsync(
            runtimeBase, built, trees, files, directories, account, SetupDirectory, settings, ScratchDirectory, cancellationToken)
            .ConfigureAwait(false);
        try
        {
            var verification = Path.Combine(EvidenceDirectory, "verification.txt");
            if (Verify)
            {
                var expectations = VerifyEnvironment.ToDictionary(i => i.ItemSpec, i => i.GetMetadata("Value"));
                await new ImageVerifier(engine, BuildLog)
                    .VerifyAsync(id, VerifyDirectory, expectations, verification, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Directory.CreateDirectory(EvidenceDirectory);
                File.WriteAllText(verification, "Verification was turned off (ValkeyFipsVerifyImage=false).\n");
            }

            ImageId = id;
            WriteEvidence(graph);
        }
        catch
        {
            // No image from a failed build may stay behind, tagged or not.
            ImageId = string.Empty;
            await engine.RemoveImageAsync(id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await TagAllAsync(engine, cancellationToken).ConfigureAwait(false);
        WriteStamp(new Stamp(inputs, id));
        if (Push)
        {
            await PushAllAsync(engine, cancellationToken).ConfigureAwait(false);
            WriteStamp(new Stamp(inputs, id) { Pushed = ImageReferences });
        }
        BuildLog.Info($"image: {string.Join(", ", ImageReferences)} ({ShortId(id)})");
    }

    private ImageSettings Settings(BuildGraph graph)
    {
        var labels = Labels.ToDictionary(i => i.ItemSpec, i => i.GetMetadata("Value"));
        foreach (var component in graph.Order)
        {
            labels[$"org.valkeyfips.component.{component.Name}"] = component.Version;
        }

        var environment = new Dictionary<string, string>();
        foreach (var variable in EnvironmentVariables)
        {
            environment[variable.ItemSpec] = variable.GetMetadata("Value");
        }

        return new ImageSettings
        {
            Environment = environment,
            Labels = labels,
            Ports = Ports.Select(p => $"{p.ItemSpec}/{(p.GetMetadata("Type") is { Length: > 0 } t ? t : "tcp")}").ToList(),
            Entrypoint = Entrypoint,
            Command = Command,
            WorkingDirectory = string.IsNullOrEmpty(WorkingDirectory) ? null : WorkingDirectory,
            HealthCheck = HealthCheck,
            User = UserId.ToString(CultureInfo.InvariantCulture),
        };
    }

    private async Task TagAllAsync(DockerEngine engine, CancellationToken cancellationToken)
    {
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in Tags)
        {
            if (await engine.FindImageAsync($"{Repository}:{tag}", cancellationToken).ConfigureAwait(false) is { } old && old != ImageId)
            {
                replaced.Add(old);
            }

            await engine.TagAsync(ImageId, Repository, tag, cancellationToken).ConfigureAwait(false);
        }

        // An earlier image of this project that lost its last tag to this one would only be a
        // dangling copy; one still tagged elsewhere or used by a container stays.
        foreach (var old in replaced)
        {
            await engine.RemoveIfDanglingAsync(old, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PushAllAsync(DockerEngine engine, CancellationToken cancellationToken)
    {
        foreach (var tag in Tags)
        {
            BuildLog.Info($"image: pushing {Repository}:{tag}");
            await engine.PushAsync(Repository, tag, BuildLog, cancellationToken).ConfigureAwait(false);
        }
    }

    private void WriteEvidence(BuildGraph graph)
    {
        var evidence = new ImageEvidence
        {
            ImageId = ImageId,
            References = ImageReferences,
            BaseImage = BaseImageDescription,
            CryptoModule = CryptoModule,
            ValidationStatement = ValidationStatement,
            Components = graph.Order.Select(c => new ComponentEvidence(
                c, ItemFor(c.Name).GetMetadata("SourceOrigin"), ItemFor(c.Name).GetMetadata("InputHash"))).ToList(),
            Created = DateTimeOffset.UtcNow,
        };
        foreach (var path in EvidenceWriter.Write(EvidenceDirectory, evidence))
        {
            BuildLog.Detail($"evidence: {path}");
        }
    }

    private Stamp? ReadStamp()
    {
        try
        {
            return File.Exists(StampFile) ? JsonSerializer.Deserialize<Stamp>(File.ReadAllText(StampFile)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void WriteStamp(Stamp stamp)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(StampFile))!);
        File.WriteAllText(StampFile, JsonSerializer.Serialize(stamp));
    }

    private static string ExistingFile(ITaskItem item)
    {
        var path = item.GetMetadata("FullPath");
        return File.Exists(path) ? path : throw new VfException(
            ErrorCodes.InvalidImageItem,
            $"The image file '{item.ItemSpec}' does not exist or is a folder. Point the item at a file.");
    }

    private static string ExistingDirectory(ITaskItem item)
    {
        var path = item.GetMetadata("FullPath");
        return Directory.Exists(path) ? path : throw new VfException(
            ErrorCodes.InvalidImageItem,
            $"The image tree '{item.ItemSpec}' is not a folder. Point the item at a folder.");
    }

    /// <summary>An absolute path in the image without '.' or '..' parts; the root only where allowed.</summary>
    private static string ImagePath(ITaskItem item, string path, bool allowRoot = false)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!path.StartsWith('/') || parts.Any(p => p is "." or "..") || (parts.Length == 0 && !allowRoot))
        {
            throw new VfException(
                ErrorCodes.InvalidImageItem,
                $"'{item.ItemSpec}' names the image path '{path}'. Give an absolute path below the root, without '.' "
                + "or '..' parts.");
        }

        return "/" + string.Join('/', parts);
    }

    private static string ShortId(string id) => id.Replace("sha256:", string.Empty, StringComparison.Ordinal)[..12];

    private static string Require(ITaskItem item, string metadata) =>
        item.GetMetadata(metadata) is { Length: > 0 } value
            ? value
            : throw new VfException(
                ErrorCodes.InvalidImageItem,
                $"The image item '{item.ItemSpec}' has no {metadata} metadata. Say where in the image it goes.");

    private static int IntOr(ITaskItem item, string metadata, int fallback)
    {
        var value = item.GetMetadata(metadata);
        if (value.Length == 0)
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < 2_000_000_000
            ? number
            : throw new VfException(
                ErrorCodes.InvalidImageItem,
                $"'{item.ItemSpec}' has {metadata}='{value}', which is not a numeric id. Use a number such as 0 or 1001.");
    }

    private static UnixFileMode ModeOr(ITaskItem item, string metadata, string fallback)
    {
        var value = item.GetMetadata(metadata) is { Length: > 0 } m ? m : fallback;
        try
        {
            var mode = Convert.ToInt32(value, 8);
            if (mode is < 0 or > 0x1FF)
            {
                throw new FormatException();
            }

            return (UnixFileMode)mode;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new VfException(
                ErrorCodes.InvalidImageItem,
                $"'{item.ItemSpec}' has {metadata}='{value}', which is not a permission mode. Use an octal mode from 0000 to 0777 "
                + "such as 0644; set-id and sticky bits are not allowed in the image.");
        }
    }

    private sealed record Stamp(string Inputs, string ImageId)
    {
        /// <summary>The references last pushed from this image.</summary>
        public string[]? Pushed { get; init; }
    }
}
