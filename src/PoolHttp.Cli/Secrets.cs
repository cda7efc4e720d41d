using PoolHttp.Engine.Client;

namespace PoolHttp.Cli;

/// <summary>Passwords for the command line: from a file or an environment variable, never from an argument (ps shows those).</summary>
internal static class Secrets
{
    /// <summary>
    /// The credential of <c>--user</c> with its password (<see cref="Password"/>), or null without <c>--user</c>;
    /// throws <see cref="ArgumentException"/> for <c>--password-file</c> without <c>--user</c>, or no password.
    /// </summary>
    public static System.Net.NetworkCredential? Credential(string? user, string? passwordFile)
    {
        if (user is null && passwordFile is not null) throw new ArgumentException("--password-file needs --user.");
        return user is null ? null : new System.Net.NetworkCredential(user, Password(passwordFile));
    }

    /// <summary>
    /// The password for <c>--user</c>: the first line of <paramref name="passwordFile"/>, else the environment
    /// variable. Throws <see cref="ArgumentException"/> (naming the source, never the secret) when there is none.
    /// </summary>
    public static string Password(string? passwordFile)
    {
        if (passwordFile is not null) return ReadFile(passwordFile, "--password-file");
        string? env = PasswordVariable.Read();
        if (string.IsNullOrEmpty(env))
            throw new ArgumentException($"--user needs a password: give --password-file PATH or set {PasswordVariable.Name}.");
        return env;
    }

    /// <summary>The first line of a secret file, without its line ending.</summary>
    public static string ReadFile(string path, string option)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option}: cannot read '{path}': {e.Message}", e);
        }
        int end = text.IndexOfAny(new[] { '\r', '\n' });
        string secret = end < 0 ? text : text[..end];
        if (secret.Length == 0) throw new ArgumentException($"{option}: '{path}' is empty.");
        return secret;
    }

    /// <summary>A password typed at the terminal without echo, or the first line of redirected input.</summary>
    public static string? ReadFromInput(TextWriter prompt)
    {
        if (Console.IsInputRedirected) return Console.In.ReadLine();
        prompt.Write("Password: ");
        var sb = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (sb.Length > 0) sb.Length--; }
            else if (!char.IsControl(key.KeyChar)) sb.Append(key.KeyChar);
        }
        prompt.WriteLine();
        return sb.ToString();
    }
}
