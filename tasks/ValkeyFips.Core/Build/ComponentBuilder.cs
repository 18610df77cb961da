// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Diagnostics;
using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;
using ValkeyFips.Core.Engine;
using ValkeyFips.Core.Sources;

namespace ValkeyFips.Core.Build;

/// <summary>The result of building one component: its install tree (a root filesystem fragment).</summary>
public sealed record BuiltComponent(ResolvedComponent Component, string InputHash, string TreeDirectory, bool FromCache)
{
    /// <summary>The folder that holds the component's prefix inside its install tree.</summary>
    public string PrefixDirectory => Path.Combine(TreeDirectory, Component.Prefix.TrimStart('/'));
}

/// <summary>
/// Builds each component in its own container from the builder image, dependencies first and
/// independent components in parallel. An install tree is stored under the hash of everything that
/// went into it; when that hash is already stored, no container starts.
/// </summary>
public sealed class ComponentBuilder
{
    /// <summary>Bumped whenever the contract between the SDK and recipes changes.</summary>
    private const string RecipeContract = "1";
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);

    private readonly DockerEngine _engine;
    private readonly string _treesRoot;
    private readonly string _logDirectory;
    private readonly IBuildLog _log;

    public ComponentBuilder(DockerEngine engine, string cacheRoot, string logDirectory, IBuildLog log)
    {
        _engine = engine;
        _treesRoot = Path.Combine(cacheRoot, "trees");
        _logDirectory = logDirectory;
        _log = log;
    }

    /// <summary>Where the user running the build is, so that install trees are theirs on the host.</summary>
    public string? ContainerUser { get; init; }

    /// <summary>
    /// The cache key of every component: its project-side inputs (see
    /// <see cref="BuildGraph.ComputeInputHashes"/>) on this builder image and recipe contract.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ComputeCacheKeys(
        BuildGraph graph, IReadOnlyDictionary<string, string> builderImages)
    {
        var inputs = graph.ComputeInputHashes();
        return graph.Order.ToDictionary(
            c => c.Name,
            c => new InputHash()
                .Add("contract", RecipeContract)
                .Add("inputs", inputs[c.Name])
                .Add("builder", builderImages[c.Name])
                .Compute(),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The stored tree for a hash, or null.</summary>
    public string? FindTree(string inputHash)
    {
        var path = Path.Combine(_treesRoot, inputHash);
        return Directory.Exists(path) ? path : null;
    }

    public async Task<IReadOnlyDictionary<string, BuiltComponent>> BuildAllAsync(
        BuildGraph graph,
        IReadOnlyDictionary<string, FetchedSource> sources,
        IReadOnlyDictionary<string, string> builderImages,
        CancellationToken cancellationToken)
    {
        var hashes = ComputeCacheKeys(graph, builderImages);
        var tasks = new Dictionary<string, Task<BuiltComponent>>(StringComparer.OrdinalIgnoreCase);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        foreach (var component in graph.Order)
        {
            var dependencies = graph.ClosureOf(component).Select(d => tasks[d.Name]).ToList();
            tasks[component.Name] = Task.Run(
                async () =>
                {
                    var built = await Task.WhenAll(dependencies).ConfigureAwait(false);
                    try
                    {
                        return await BuildOneAsync(
                            component, hashes[component.Name], sources[component.Name],
                            builderImages[component.Name], graph, built, failed.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        // One failure stops the builds still running: their result would be thrown away.
                        await failed.CancelAsync().ConfigureAwait(false);
                        throw;
                    }
                },
                CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        }
        catch
        {
            // Report the first real failure rather than the cancellations it caused.
            var first = tasks.Values.Where(t => t.IsFaulted)
                .Select(t => t.Exception!.InnerException!)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (first is not null && !cancellationToken.IsCancellationRequested)
            {
                throw first;
            }

            throw;
        }

        return tasks.ToDictionary(kv => kv.Key, kv => kv.Value.Result, StringComparer.OrdinalIgnoreCase);
    }

    private async Task<BuiltComponent> BuildOneAsync(
        ResolvedComponent component,
        string inputHash,
        FetchedSource source,
        string builderImage,
        BuildGraph graph,
        IReadOnlyList<BuiltComponent> dependencies,
        CancellationToken cancellationToken)
    {
        var stored = FindTree(inputHash);
        if (stored is not null)
        {
            _log.Info($"{component.Name}: up to date ({component.Version}, cache key {inputHash[..12]})");
            return new BuiltComponent(component, inputHash, stored, FromCache: true);
        }

        // The cache entry was trusted when it was made; re-hash before handing it to a build anyway,
        // since a build is where a tampered archive would do harm.
        var actual = component.SourceIsRecipe || component.Git is not null
            ? component.Sha256
            : await Sha256Digest.OfFileAsync(source.Path, cancellationToken).ConfigureAwait(false);
        if (!SourceCache.Matches(actual, component.Sha256))
        {
            throw new VfException(
                ErrorCodes.ChecksumMismatch,
                $"The cached archive '{source.Path}' of component '{component.Name}' has sha256 {actual}, not "
                + $"{component.Sha256}: the cache was changed outside the SDK. Delete that folder and build again.");
        }

        SourceCache.Tag(Path.GetDirectoryName(_treesRoot)!);
        SourceCache.SweepStale(_treesRoot, "tmp-*");
        Directory.CreateDirectory(_treesRoot);
        Directory.CreateDirectory(_logDirectory);
        var staging = Path.Combine(_treesRoot, $"tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        var logPath = Path.Combine(_logDirectory, $"{component.Name}.log");
        using var secret = await BuildSecret.OpenAsync(component, Path.Combine(_treesRoot, "..", "tmp"), cancellationToken)
            .ConfigureAwait(false);
        var tail = new BoundedLines(30);
        var lines = 0;
        var clock = Stopwatch.StartNew();
        _log.Info($"{component.Name}: building {component.Version} (log: {logPath})");
        try
        {
            await using var logFile = new StreamWriter(logPath, append: false) { AutoFlush = true };
            var environment = new Dictionary<string, string>
            {
                ["VF_COMPONENT"] = component.Name,
                ["VF_VERSION"] = component.Version,
                ["VF_SOURCE"] = component.SourceIsRecipe ? "/vf/recipe" : $"/vf/source/{component.FileName}",
                ["VF_PREFIX"] = component.Prefix,
                ["VF_DESTDIR"] = "/vf/out",
                ["VF_WORK"] = "/vf/work",
                ["HOME"] = "/vf/work",
                ["VF_JOBS"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["VF_OPTIONS"] = component.BuildOptions,
                ["SOURCE_DATE_EPOCH"] = "0",
            };
            var mounts = new List<BindMount>
            {
                new(component.Recipe.Directory, "/vf/recipe"),
                new(staging, "/vf/out", ReadOnly: false),
            };
            if (!component.SourceIsRecipe)
            {
                mounts.Add(new BindMount(source.Path, $"/vf/source/{component.FileName}"));
            }

            if (secret is not null)
            {
                // A file mounted for this one container: never an environment variable, which
                // `docker inspect` would show, and never a layer of any image.
                mounts.Add(new BindMount(secret.Path, BuildSecret.ContainerPath));
                environment["VF_SECRET_FILE"] = BuildSecret.ContainerPath;
            }
            foreach (var dependency in graph.ClosureOf(component))
            {
                environment[$"VF_DEP_{EnvironmentName(dependency.Name)}_PREFIX"] = dependency.Prefix;
            }

            mounts.AddRange(DependencyMounts(graph.ClosureOf(component)
                .Select(d => dependencies.First(b => b.Component.Name == d.Name))
                .Select(b => (b.PrefixDirectory, b.Component.Prefix))));

            var spec = new RunSpec(builderImage, ["/bin/bash", "/vf/recipe/" + Recipe.ScriptName])
            {
                NamePrefix = $"valkeyfips-build-{component.Name}",
                User = ContainerUser,
                Environment = environment,
                Mounts = mounts,
                Tmpfs = new Dictionary<string, string> { ["/vf/work"] = "exec,mode=1777" },
                NetworkDisabled = true,
            };

            await using var run = await _engine.CreateAsync(spec, cancellationToken).ConfigureAwait(false);
            using var heartbeat = new Timer(
                _ => _log.Info($"{component.Name}: still building ({clock.Elapsed:m\\:ss}, {Volatile.Read(ref lines)} lines of output)"),
                null,
                HeartbeatInterval,
                HeartbeatInterval);
            var exit = await run.RunAsync(
                raw =>
                {
                    var line = secret?.Redact(raw) ?? raw;
                    Interlocked.Increment(ref lines);
                    tail.Add(line);
                    lock (logFile)
                    {
                        logFile.WriteLine(line);
                    }

                    _log.Detail($"{component.Name}: {line}");
                },
                cancellationToken).ConfigureAwait(false);

            if (exit == BuildSecret.RejectedExitCode)
            {
                throw new VfException(
                    ErrorCodes.SecretRejected,
                    secret is null
                        ? $"The source archive of component '{component.Name}' needs a password and none was given. Set "
                          + "the item's SecretFile or SecretEnvironmentVariable metadata (for wolfssl: "
                          + "ValkeyFipsWolfSslPasswordFile or ValkeyFipsWolfSslPasswordVariable). Nothing was cached."
                        : $"The password from {component.Secret} was rejected by the source archive of component "
                          + $"'{component.Name}'. Check the secret; nothing was cached. Full log: {logPath}");
            }

            if (exit != 0)
            {
                throw new VfException(
                    ErrorCodes.ComponentBuildFailed,
                    $"Building component '{component.Name}' {component.Version} failed (exit code {exit}) after "
                    + $"{clock.Elapsed:m\\:ss}: {tail.LastNonEmpty().TrimEnd('.')}. The last lines of its output are above; "
                    + $"the full log is {logPath}.")
                {
                    Details = tail.ToString(),
                };
            }

            if (!Directory.Exists(Path.Combine(staging, component.Prefix.TrimStart('/'))))
            {
                throw new VfException(
                    ErrorCodes.ComponentBuildFailed,
                    $"The recipe of component '{component.Name}' exited 0 but installed nothing under "
                    + $"{component.Prefix}. Recipes install to $VF_DESTDIR$VF_PREFIX. Full log: {logPath}");
            }
        }
        catch
        {
            TryDelete(staging);
            throw;
        }

        var tree = Path.Combine(_treesRoot, inputHash);
        try
        {
            Directory.Move(staging, tree);
        }
        catch (IOException) when (Directory.Exists(tree))
        {
            TryDelete(staging);
        }

        _log.Info($"{component.Name}: built in {clock.Elapsed:m\\:ss}");
        return new BuiltComponent(component, inputHash, tree, FromCache: false);
    }

    /// <summary>
    /// Read-only mounts that put each dependency's install tree at its own prefix. A prefix that
    /// holds another one (wolfSSL at /usr/local, OpenSSL at /usr/local/openssl) cannot be mounted
    /// whole: the engine could not create the inner mount point in a read-only mount. Its entries
    /// are mounted one by one instead, down to where the other prefix begins.
    /// </summary>
    internal static IEnumerable<BindMount> DependencyMounts(IEnumerable<(string HostDirectory, string Prefix)> trees)
    {
        var all = trees.Select(t => (t.HostDirectory, Prefix: "/" + t.Prefix.Trim('/'))).ToList();
        var prefixes = all.Select(t => t.Prefix).ToList();

        IEnumerable<BindMount> Mount(string host, string target)
        {
            var inner = prefixes.Where(p => p != target && p.StartsWith(target == "/" ? "/" : target + "/", StringComparison.Ordinal)).ToList();
            if (inner.Count == 0)
            {
                yield return new BindMount(host, target);
                yield break;
            }

            if (!Directory.Exists(host))
            {
                yield break;
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(host).Order(StringComparer.Ordinal))
            {
                var child = (target == "/" ? string.Empty : target) + "/" + Path.GetFileName(entry);
                if (prefixes.Contains(child) && child != target)
                {
                    // Another dependency is mounted here; its own entry below brings it.
                    continue;
                }

                foreach (var mount in Mount(entry, child))
                {
                    yield return mount;
                }
            }
        }

        return all.SelectMany(t => Mount(t.HostDirectory, t.Prefix));
    }

    internal static string EnvironmentName(string name) =>
        new(name.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
