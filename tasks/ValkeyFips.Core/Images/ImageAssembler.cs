// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Globalization;
using Docker.DotNet.Models;
using ValkeyFips.Core.Build;
using ValkeyFips.Core.Diagnostics;
using ValkeyFips.Core.Engine;

namespace ValkeyFips.Core.Images;

/// <summary>
/// Makes the final image: the runtime base, one layer with every component's prefix and the
/// image files (written by <see cref="LayerBuilder"/>), a setup script run once as root (account,
/// linker cache, hardening), and the runtime settings. The image comes back untagged; tagging is
/// left to the caller once verification passed.
/// </summary>
public sealed class ImageAssembler
{
    private readonly DockerEngine _engine;
    private readonly IBuildLog _log;

    public ImageAssembler(DockerEngine engine, IBuildLog log)
    {
        _engine = engine;
        _log = log;
    }

    public async Task<string> AssembleAsync(
        string runtimeBaseId,
        IReadOnlyList<BuiltComponent> components,
        IReadOnlyList<ImageTree> trees,
        IReadOnlyList<ImageFile> files,
        IReadOnlyList<ImageDirectory> directories,
        ImageAccount account,
        string setupDirectory,
        ImageSettings settings,
        string scratchDirectory,
        CancellationToken cancellationToken)
    {
        var layer = new LayerBuilder();
        foreach (var component in components)
        {
            if (Directory.Exists(component.PrefixDirectory))
            {
                layer.AddTree(
                    component.PrefixDirectory,
                    component.Component.Prefix,
                    exclude: component.Component.Recipe.Manifest.ImageExclude);
            }
        }

        foreach (var tree in trees)
        {
            layer.AddTree(tree.HostDirectory, tree.Destination, normalizeModes: true);
        }

        foreach (var directory in directories)
        {
            layer.AddDirectory(directory.Path, directory.Uid, directory.Gid, directory.Mode);
        }

        foreach (var file in files)
        {
            layer.AddFile(file.HostPath, file.Destination, file.Uid, file.Gid, file.Mode);
        }

        Directory.CreateDirectory(scratchDirectory);
        var layerPath = Path.Combine(scratchDirectory, $"layer-{Guid.NewGuid():N}.tar");
        try
        {
            await using (var output = File.Create(layerPath))
            {
                layer.WriteTo(output);
            }

            _log.Info($"image: layer of {layer.Count} entries ({new FileInfo(layerPath).Length / (1024 * 1024)} MiB)");
            var invariant = CultureInfo.InvariantCulture;
            var spec = new RunSpec(
                runtimeBaseId,
                [
                    "/bin/sh", "/vf/setup/setup.sh",
                    account.Name, account.Uid.ToString(invariant), account.Gid.ToString(invariant), account.Home,
                ])
            {
                NamePrefix = "valkeyfips-assemble",
                Committed = true,
                User = "0",
                Mounts = [new BindMount(setupDirectory, "/vf/setup")],
                NetworkDisabled = true,
            };
            await using var run = await _engine.CreateAsync(spec, cancellationToken).ConfigureAwait(false);
            await using (var tar = File.OpenRead(layerPath))
            {
                await run.PutArchiveAsync(tar, "/", cancellationToken).ConfigureAwait(false);
            }

            var tail = new BoundedLines(30);
            var exit = await run.RunAsync(
                line =>
                {
                    tail.Add(line);
                    _log.Detail($"image: {line}");
                },
                cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                throw new VfException(
                    ErrorCodes.ImageAssemblyFailed,
                    $"Setting up the image failed (exit code {exit}): {tail.LastNonEmpty().TrimEnd('.')}.")
                {
                    Details = tail.ToString(),
                };
            }

            return await run.CommitAsync(ToConfig(settings), "valkeyfips image", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(layerPath);
        }
    }

    internal static Config ToConfig(ImageSettings settings)
    {
        var labels = settings.Labels.ToDictionary(kv => kv.Key, kv => kv.Value);

        // Overrides the label every build container carries, which a commit would otherwise keep.
        labels[DockerEngine.OwnerLabel] = "image";
        return new Config
        {
            Env = settings.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            Labels = labels,
            ExposedPorts = settings.Ports.ToDictionary(p => p.Contains('/') ? p : p + "/tcp", _ => default(EmptyStruct)),
            Entrypoint = settings.Entrypoint.ToList(),
            Cmd = settings.Command.ToList(),
            WorkingDir = settings.WorkingDirectory,
            User = settings.User,
            Healthcheck = settings.HealthCheck.Count == 0
                ? null
                : new HealthConfig
                {
                    Test = ["CMD", .. settings.HealthCheck],
                    Interval = TimeSpan.FromSeconds(10),
                    Timeout = TimeSpan.FromSeconds(5),
                    StartPeriod = 10_000_000_000,
                    Retries = 5,
                },
        };
    }
}
