using PoolHttp.Engine.Server;
using PoolHttp.Engine.Server.Security;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// What a child must not see on its command line (where <c>ps</c> shows it): password hashes and the TLS
/// certificate with its private key. The parent writes them to the child's control pipe, ended by <c>end</c>.
/// </summary>
internal static class WorkerSecrets
{
    private const string UserLine = "user ", CertificateLine = "certificate ", EndLine = "end";

    /// <summary>Parent side: writes the secrets of <paramref name="options"/>, then the end line.</summary>
    public static void Write(TextWriter control, ServerOptions options)
    {
        if (options.Authentication is { } auth)
        {
            foreach (var line in auth.ToLines()) control.WriteLine(UserLine + line);
        }
        if (options.Certificate is { } certificate) control.WriteLine(CertificateLine + TlsCertificate.ToTransfer(certificate));
        control.WriteLine(EndLine);
        control.Flush();
    }

    /// <summary>Child side: reads up to the end line and returns the options with the secrets in place.</summary>
    /// <exception cref="IOException">The pipe closed first.</exception>
    public static ServerOptions Read(TextReader control, ServerOptions options)
    {
        var users = new List<string>();
        while (true)
        {
            string line = control.ReadLine() ?? throw new IOException("The parent closed the control pipe before sending the worker's settings.");
            if (line == EndLine) break;
            if (line.StartsWith(UserLine, StringComparison.Ordinal)) users.Add(line[UserLine.Length..]);
            else if (line.StartsWith(CertificateLine, StringComparison.Ordinal))
                options = options with { Certificate = TlsCertificate.FromTransfer(line[CertificateLine.Length..]) };
        }
        if (users.Count > 0) options = options with { Authentication = BasicAuthenticator.FromLines(users, "the parent's users") };
        return options;
    }
}
