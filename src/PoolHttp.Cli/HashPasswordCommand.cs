using System.CommandLine;
using PoolHttp.Engine.Server.Security;

namespace PoolHttp.Cli;

/// <summary><c>poolhttp hash-password USER</c>: prints a users-file line; the password comes from standard input.</summary>
internal static class HashPasswordCommand
{
    public static Command Create()
    {
        var user = new Argument<string>("USER") { Description = "The user name (no colon)." };
        var iterations = new Option<int>("--iterations")
        {
            Description = "PBKDF2-SHA256 iterations.",
            DefaultValueFactory = _ => BasicAuthenticator.DefaultIterations,
        };
        var command = new Command("hash-password",
            "Print a line for a users file (serve --users-file): the password is read from standard input, never from an argument.")
        {
            user, iterations,
        };
        command.SetAction(parse =>
        {
            string? password = Secrets.ReadFromInput(Console.Error);
            if (string.IsNullOrEmpty(password)) return CliErrors.Fail("no password on standard input.", Program.UsageError);
            try
            {
                Console.Out.WriteLine(BasicAuthenticator.HashLine(parse.GetValue(user)!, password, parse.GetValue(iterations)));
                return 0;
            }
            catch (ArgumentException e)
            {
                return CliErrors.Fail(e.Message, Program.UsageError);
            }
        });
        return command;
    }
}
