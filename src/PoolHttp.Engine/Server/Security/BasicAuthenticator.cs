using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PoolHttp.Engine.Server.Security;

/// <summary>
/// Checks HTTP Basic credentials against salted PBKDF2-SHA256 hashes, one per user, in the users-file format
/// <c>user:pbkdf2-sha256:iterations:saltBase64:hashBase64</c>. Passwords are never kept; comparisons are constant-time.
/// </summary>
public sealed class BasicAuthenticator
{
    /// <summary>The realm announced in <c>WWW-Authenticate</c>.</summary>
    public const string Realm = "PoolHttp";

    /// <summary>The <c>WWW-Authenticate</c> value sent with a 401.</summary>
    public const string Challenge = "Basic realm=\"" + Realm + "\", charset=\"UTF-8\"";

    /// <summary>PBKDF2 iterations used when a hash is made without saying how many.</summary>
    public const int DefaultIterations = 100_000;

    private const string Algorithm = "pbkdf2-sha256";
    private const int SaltBytes = 16, HashBytes = 32, MaxCached = 1024;

    private readonly Dictionary<string, Entry> _users;
    private readonly Entry _decoy;
    // Accepted Authorization values, keyed by a keyed hash (never the value itself), so a keep-alive client does not
    // pay PBKDF2 on every request.
    private readonly ConcurrentDictionary<string, byte> _accepted = new(StringComparer.Ordinal);
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);

    private sealed record Entry(int Iterations, byte[] Salt, byte[] Hash);

    private BasicAuthenticator(Dictionary<string, Entry> users)
    {
        _users = users;
        _decoy = new Entry(DefaultIterations, RandomNumberGenerator.GetBytes(SaltBytes), RandomNumberGenerator.GetBytes(HashBytes));
    }

    /// <summary>The user names, in no particular order.</summary>
    public IReadOnlyCollection<string> Users => _users.Keys;

    /// <summary>One user with a password, hashed at once with a fresh salt; the password is not kept.</summary>
    public static BasicAuthenticator FromCredential(string user, string password, int iterations = DefaultIterations) =>
        FromLines(new[] { HashLine(user, password, iterations) }, "the credential");

    /// <summary>Reads a users file (blank lines and lines starting with <c>#</c> are skipped).</summary>
    /// <exception cref="ArgumentException">A line is malformed; the message names the line, never its content.</exception>
    public static BasicAuthenticator FromFile(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Cannot read the users file '{path}': {e.Message}", nameof(path), e);
        }
        return FromLines(lines, $"the users file '{path}'");
    }

    /// <summary>Builds an authenticator from users-file lines.</summary>
    /// <exception cref="ArgumentException">A line is malformed, a user repeats, or there is no user.</exception>
    public static BasicAuthenticator FromLines(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var users = new Dictionary<string, Entry>(StringComparer.Ordinal);
        int number = 0;
        foreach (var raw in lines)
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            string[] f = line.Split(':');
            if (f.Length != 5 || f[0].Length == 0 || f[1] != Algorithm
                || !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out int iterations) || iterations < 1
                || !TryBase64(f[3], out var salt) || !TryBase64(f[4], out var hash) || salt.Length == 0 || hash.Length == 0)
                throw new ArgumentException($"Line {number} of {source} is not 'user:{Algorithm}:iterations:saltBase64:hashBase64'.");
            if (!users.TryAdd(f[0], new Entry(iterations, salt, hash)))
                throw new ArgumentException($"Line {number} of {source} repeats the user '{f[0]}'.");
        }
        if (users.Count == 0) throw new ArgumentException($"{source} names no user.");
        return new BasicAuthenticator(users);
    }

    /// <summary>A users-file line for <paramref name="user"/> with a fresh random salt.</summary>
    /// <exception cref="ArgumentException">The name is empty or holds a colon or a control character.</exception>
    public static string HashLine(string user, string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        if (user.Length == 0 || user.Contains(':', StringComparison.Ordinal) || user.Any(char.IsControl) || user.Trim() != user)
            throw new ArgumentException("A user name must be non-empty, without a colon, control characters or surrounding spaces.", nameof(user));
        if (iterations < 1) throw new ArgumentException("Iterations must be positive.", nameof(iterations));
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        byte[] hash = Derive(password, salt, iterations, HashBytes);
        return string.Join(':', user, Algorithm, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>The users-file lines of every user (hashes only), to hand to a worker process without a file.</summary>
    public IReadOnlyList<string> ToLines() => _users
        .Select(u => string.Join(':', u.Key, Algorithm, u.Value.Iterations.ToString(CultureInfo.InvariantCulture),
            Convert.ToBase64String(u.Value.Salt), Convert.ToBase64String(u.Value.Hash)))
        .ToList();

    /// <summary>True when an <c>Authorization</c> header value carries a known user with the right password.</summary>
    public bool Verify(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string token = authorization[6..].Trim();
        string cacheKey = Convert.ToBase64String(HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(token)));
        if (_accepted.ContainsKey(cacheKey)) return true;
        if (!TryBase64(token, out var decoded)) return false;
        string pair;
        try { pair = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(decoded); }
        catch (DecoderFallbackException) { return false; }
        finally { CryptographicOperations.ZeroMemory(decoded); }
        int colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return false;
        bool known = _users.TryGetValue(pair[..colon], out var entry);
        // An unknown user costs the same work as a known one, so timing does not tell which names exist.
        entry ??= _decoy;
        byte[] derived = Derive(pair[(colon + 1)..], entry.Salt, entry.Iterations, entry.Hash.Length);
        bool match = CryptographicOperations.FixedTimeEquals(derived, entry.Hash) && known;
        if (match)
        {
            if (_accepted.Count >= MaxCached) _accepted.Clear();
            _accepted.TryAdd(cacheKey, 0);
        }
        return match;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[(text.Length * 3 + 3) / 4];
        if (!Convert.TryFromBase64String(text, bytes, out int n)) return false;
        bytes = bytes[..n];
        return true;
    }
}
