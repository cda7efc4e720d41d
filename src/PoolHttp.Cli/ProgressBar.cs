using PoolHttp.Engine.Client;

namespace PoolHttp.Cli;

/// <summary>
/// A one-line progress bar on stderr for transfers that take a while, drawn by polling a
/// <see cref="TransferCounter"/>; nothing at all when stderr is redirected (scripts, logs, tests).
/// </summary>
internal static class ProgressBar
{
    private const int IntervalMs = 250;
    private static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(1);

    public static bool IsWanted(TextWriter error) => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Awaits <paramref name="work"/>, drawing its progress meanwhile when stderr is a terminal.</summary>
    public static async Task<T> ShowAsync<T>(Task<T> work, TransferCounter counter, string label, TextWriter error)
    {
        if (!IsWanted(error)) return await work.ConfigureAwait(false);
        bool shown = false;
        while (await Task.WhenAny(work, Task.Delay(IntervalMs)).ConfigureAwait(false) != work)
        {
            if (counter.Elapsed < ShowAfter) continue;
            error.Write("\r" + Line(counter, label));
            shown = true;
        }
        if (shown) error.Write("\r" + new string(' ', Width()) + "\r");
        return await work.ConfigureAwait(false);
    }

    private static string Line(TransferCounter counter, string label)
    {
        int width = Width();
        string status = " " + counter.Describe();
        const int barWidth = 24;
        string bar = "";
        if (counter.PercentComplete >= 0)
        {
            int filled = counter.PercentComplete * barWidth / 100;
            bar = " [" + new string('#', filled) + new string('.', barWidth - filled) + "]";
        }
        int room = Math.Max(8, width - bar.Length - status.Length);
        if (label.Length > room) label = "..." + label[^(room - 3)..];
        string line = label + bar + status;
        return line.Length >= width ? line[..width] : line.PadRight(width);
    }

    private static int Width()
    {
        try
        {
            return Math.Max(20, Console.WindowWidth - 1);
        }
        catch (IOException)
        {
            return 79;
        }
    }
}
