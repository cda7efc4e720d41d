namespace PoolHttp.Engine.Client;

/// <summary>
/// The environment variable a password travels in, never on a command line (<c>ps</c> shows those): set by people
/// for <c>poolhttp --user</c>, and by a stress run for its client processes.
/// </summary>
public static class PasswordVariable
{
    /// <summary>The variable's name.</summary>
    public const string Name = "POOLHTTP_PASSWORD";

    /// <summary>The password in this process's environment; null when the variable is not set.</summary>
    public static string? Read() => Environment.GetEnvironmentVariable(Name);
}
