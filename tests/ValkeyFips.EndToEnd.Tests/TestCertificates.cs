// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ValkeyFips.EndToEnd.Tests;

/// <summary>
/// A throwaway CA with a server certificate for 127.0.0.1/localhost (written as PEM files for the
/// server in the container) and a client certificate (kept in memory for the test's client).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory, X509Certificate2 authority, X509Certificate2 client)
    {
        Directory = directory;
        Authority = authority;
        Client = client;
    }

    public string Directory { get; }

    public X509Certificate2 Authority { get; }

    /// <summary>A client certificate the CA issued, with its private key.</summary>
    public X509Certificate2 Client { get; }

    public static TestCertificates Write(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=ValkeyFips test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var authority = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // The server certificate may also act as a client (Valkey presents it for replication and
        // the health check presents it when clients must authenticate).
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var server = serverRequest.Create(authority, now.AddMinutes(-5), now.AddDays(1), [1, 2, 3, 4]);

        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientRequest = new CertificateRequest("CN=valkeyfips-test-client", clientKey, HashAlgorithmName.SHA256);
        clientRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var clientPublic = clientRequest.Create(authority, now.AddMinutes(-5), now.AddDays(1), [1, 2, 3, 5]);
        var client = clientPublic.CopyWithPrivateKey(clientKey);

        WritePem(Path.Combine(directory, "ca.crt"), authority.ExportCertificatePem());
        WritePem(Path.Combine(directory, "server.crt"), server.ExportCertificatePem());
        WritePem(Path.Combine(directory, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("755", 8));
        return new TestCertificates(directory, authority, client);
    }

    /// <summary>Accepts exactly the chains that end at this test's CA.</summary>
    public bool Validate(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }

    public void Dispose()
    {
        Authority.Dispose();
        Client.Dispose();
    }

    // The server in the container runs as another uid and must read its key.
    private static void WritePem(string path, string content)
    {
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("644", 8));
    }
}
