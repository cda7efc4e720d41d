namespace PoolHttp.Tests.Support;

/// <summary>Process liveness as the kernel sees it: a zombie (exited, not yet reaped) counts as gone.</summary>
public static class ProcessTree
{
    public static bool IsAlive(int pid)
    {
        string stat = $"/proc/{pid}/stat";
        try
        {
            string text = File.ReadAllText(stat);
            int close = text.LastIndexOf(')');
            return close > 0 && close + 2 < text.Length && text[close + 2] != 'Z' && text[close + 2] != 'X';
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return true; }
    }
}
