// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using ValkeyFips.Core.Components;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Sources;

/// <summary>Where a verified archive came from and where it is now.</summary>
public sealed record FetchedSource(ResolvedComponent Component, string Path, string Origin, bool FromCache);

/// <summary>
/// Finds each component's archive in the source feeds, in order, then at its upstream URL; hashes
/// it while copying; and stores it in the <see cref="SourceCache"/> only if the digest matches the
/// pin. A mismatch stops the build: a file that differs from its pin is never used or cached.
/// </summary>
public sealed class SourceFetcher
{
    private const int ProgressStepBytes = 16 * 1024 * 1024;

    /// <summary>How long a server may keep us waiting for headers or for the next bytes.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    private readonly SourceCache _cache;
    private readonly IReadOnlyList<string> _feeds;
    private readonly IBuildLog _log;
    private readonly HttpClient _http;

    /// <param name="cache">The verified store.</param>
    /// <param name="feeds">Local folders (absolute) and http(s) base URLs, tried in order.</param>
    /// <param name="log">Progress sink.</param>
    /// <param name="http">The client used for http(s) feeds and URLs.</param>
    public SourceFetcher(SourceCache cache, IReadOnlyList<string> feeds, IBuildLog log, HttpClient http)
    {
        _cache = cache;
        _feeds = feeds;
        _log = log;
        _http = http;
    }

    public async Task<FetchedSource> FetchAsync(ResolvedComponent component, CancellationToken cancellationToken)
    {
        if (component.SourceIsRecipe)
        {
            return new FetchedSource(component, component.Recipe.Directory, "ValkeyFips.Sdk recipe", FromCache: true);
        }

        if (component.Git is not null)
        {
            return await new GitSourceFetcher(_cache, _log).FetchAsync(component, cancellationToken).ConfigureAwait(false);
        }

        var cached = _cache.Find(component.Sha256, component.FileName);
        if (cached is not null)
        {
            return new FetchedSource(component, cached, "cache", FromCache: true);
        }

        var tried = new List<string>();
        foreach (var location in Locations(component))
        {
            tried.Add(Redaction.Location(location));
            var staging = _cache.CreateTempDirectory();
            var target = Path.Combine(staging, component.FileName);
            try
            {
                var digest = await CopyAsync(component, location, target, cancellationToken).ConfigureAwait(false);
                if (digest is null)
                {
                    Directory.Delete(staging, recursive: true);
                    continue;
                }

                if (!SourceCache.Matches(digest, component.Sha256))
                {
                    throw new VfException(
                        ErrorCodes.ChecksumMismatch,
                        $"The archive for component '{component.Name}' {component.Version} from '{Redaction.Location(location)}' "
                        + $"has sha256 {digest}, but the project pins {component.Sha256}. The file was not "
                        + "used or cached. If you trust the new file, update the component's Sha256; "
                        + "otherwise remove the file from that source.");
                }

                var path = _cache.Commit(target, component.Sha256, component.FileName);
                _log.Info($"{component.Name}: verified {component.FileName} (sha256 {component.Sha256[..12]}…) from {Redaction.Location(location)}");
                return new FetchedSource(component, path, Redaction.Location(location), FromCache: false);
            }
            catch
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }

                throw;
            }
        }

        throw new VfException(
            ErrorCodes.SourceNotFound,
            $"The archive '{component.FileName}' of component '{component.Name}' {component.Version} was not "
            + $"found. Looked in: {(tried.Count == 0 ? "(no source feed and no Url)" : string.Join("; ", tried))}. "
            + "Add a folder or URL that holds it to ValkeyFipsSourceFeeds, or give the item a Url.");
    }

    /// <summary>
    /// Where the archive would be fetched from now, for records that must not depend on what a
    /// machine happens to have cached: the first local feed that holds it, else the first http
    /// feed, else its URL.
    /// </summary>
    public string PlannedOrigin(ResolvedComponent component)
    {
        foreach (var location in Locations(component))
        {
            if (IsHttp(location) || File.Exists(location))
            {
                return Redaction.Location(location);
            }
        }

        return "cache";
    }

    private IEnumerable<string> Locations(ResolvedComponent component)
    {
        foreach (var feed in _feeds)
        {
            yield return IsHttp(feed)
                ? feed.TrimEnd('/') + "/" + Uri.EscapeDataString(component.FileName)
                : Path.Combine(feed, component.FileName);
        }

        if (component.Url is not null)
        {
            yield return component.Url;
        }
    }

    /// <summary>Copies the archive and returns its digest, or null when the location does not have it.</summary>
    private async Task<string?> CopyAsync(
        ResolvedComponent component, string location, string target, CancellationToken cancellationToken)
    {
        Stream? source = null;
        long? length = null;
        HttpResponseMessage? response = null;
        try
        {
            if (IsHttp(location))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, location);
                var uri = request.RequestUri!;
                if (!string.IsNullOrEmpty(uri.UserInfo))
                {
                    // Credentials in a feed URL are sent as HTTP basic authentication, never logged.
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                        "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo))));
                }

                using (var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    headers.CancelAfter(StallTimeout);
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headers.Token)
                        .ConfigureAwait(false);
                }

                if (!response.IsSuccessStatusCode)
                {
                    _log.Detail($"{component.Name}: {Redaction.Location(location)} answered {(int)response.StatusCode}");
                    return null;
                }

                length = response.Content.Headers.ContentLength;
                source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var path = location.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
                    ? new Uri(location).LocalPath
                    : location;
                if (!File.Exists(path))
                {
                    return null;
                }

                length = new FileInfo(path).Length;
                source = File.OpenRead(path);
            }

            _log.Info($"{component.Name}: fetching {component.FileName} from {Redaction.Location(location)}");
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var output = File.Create(target);
            var buffer = new byte[81920];
            long copied = 0;
            long nextReport = ProgressStepBytes;
            int read;
            while ((read = await ReadWithStallTimeoutAsync(source, buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                copied += read;
                if (copied >= nextReport)
                {
                    nextReport += ProgressStepBytes;
                    var total = length is > 0 ? $" of {length / (1024 * 1024)} MiB" : string.Empty;
                    _log.Info($"{component.Name}: {copied / (1024 * 1024)} MiB{total}");
                }
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        catch (HttpRequestException e)
        {
            _log.Detail($"{component.Name}: {Redaction.Location(location)} could not be reached: {e.Message}");
            return null;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VfException(
                ErrorCodes.SourceUnreadable,
                $"The server at '{Redaction.Location(location)}' stopped answering for {StallTimeout.TotalSeconds:0} s while "
                + $"sending the archive of component '{component.Name}'. Try again, or use another source feed.",
                e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UriFormatException
                                      or InvalidOperationException or NotSupportedException)
        {
            throw new VfException(
                ErrorCodes.SourceUnreadable,
                $"The archive for component '{component.Name}' at '{Redaction.Location(location)}' could not be read: {e.Message}",
                e);
        }
        finally
        {
            if (source is not null)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }

            response?.Dispose();
        }
    }

    private static async Task<int> ReadWithStallTimeoutAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(StallTimeout);
        return await source.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
    }

    private static bool IsHttp(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
