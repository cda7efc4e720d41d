namespace PoolHttp.Cli;

/// <summary>One-line error reporting on stderr, never a stack trace.</summary>
internal static class CliErrors
{
    public static int Fail(string message, int code = Program.Failure)
    {
        Console.Error.WriteLine("poolhttp: " + message);
        return code;
    }
}
