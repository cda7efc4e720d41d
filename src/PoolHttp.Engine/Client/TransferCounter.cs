using System.Diagnostics;
using System.Globalization;

namespace PoolHttp.Engine.Client;

/// <summary>
/// Progress of one transfer, updated by the Engine with <see cref="Interlocked"/> and polled by callers
/// (a progress bar, <c>Write-Progress</c>) on their own schedule; it never calls anyone back.
/// </summary>
public sealed class TransferCounter
{
    private long _done;
    private long _total = -1;
    private long _baseline;
    private long _startTimestamp;

    /// <summary>Bytes of the file that are in place, including those a resumed download already had.</summary>
    public long BytesDone => Interlocked.Read(ref _done);

    /// <summary>The length of the whole file, or null while it is unknown.</summary>
    public long? BytesTotal => Interlocked.Read(ref _total) is var t && t >= 0 ? t : null;

    /// <summary>Time since the transfer started; zero before it starts.</summary>
    public TimeSpan Elapsed => Interlocked.Read(ref _startTimestamp) is var s && s != 0 ? Stopwatch.GetElapsedTime(s) : TimeSpan.Zero;

    /// <summary>Average bytes per second moved by this transfer (resumed bytes excluded).</summary>
    public double BytesPerSecond
    {
        get
        {
            double seconds = Elapsed.TotalSeconds;
            return seconds > 0 ? (BytesDone - Interlocked.Read(ref _baseline)) / seconds : 0;
        }
    }

    /// <summary>0 to 100 when the total is known, otherwise -1.</summary>
    public int PercentComplete => BytesTotal is long total
        ? total == 0 ? 100 : (int)Math.Clamp(BytesDone * 100 / total, 0, 100)
        : -1;

    /// <summary>A short status line: "12.0 MiB of 100.0 MiB (12%), 45.1 MiB/s".</summary>
    public string Describe()
    {
        string done = FormatBytes(BytesDone);
        string rate = FormatBytes((long)BytesPerSecond) + "/s";
        return BytesTotal is long total
            ? string.Create(CultureInfo.InvariantCulture, $"{done} of {FormatBytes(total)} ({PercentComplete}%), {rate}")
            : $"{done}, {rate}";
    }

    /// <summary>Formats a byte count with a binary unit: "512 B", "1.5 KiB", "2.0 GiB".</summary>
    public static string FormatBytes(long bytes)
    {
        string[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    /// <summary>Starts (or restarts) counting: <paramref name="alreadyDone"/> bytes are in place, of <paramref name="total"/>.</summary>
    internal void Begin(long alreadyDone, long? total)
    {
        Interlocked.Exchange(ref _baseline, alreadyDone);
        Interlocked.Exchange(ref _done, alreadyDone);
        Interlocked.Exchange(ref _total, total ?? -1);
        Interlocked.Exchange(ref _startTimestamp, Stopwatch.GetTimestamp());
    }

    /// <summary>Counts bytes moved (negative to take back bytes of an attempt that is sent again).</summary>
    internal void Add(long bytes) => Interlocked.Add(ref _done, bytes);
}
