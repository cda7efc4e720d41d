using System.Globalization;
using PoolHttp.Engine.Client;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// Where a stress run is, updated by the runner and polled by callers (a progress bar, <c>Write-Progress</c>) from
/// any thread on their own schedule; it never calls anyone back.
/// </summary>
public sealed class StressProgress
{
    private readonly object _gate = new();
    private IReadOnlyList<TransferCounter> _counters = Array.Empty<TransferCounter>();
    private StressCase? _case;
    private string _phase = "starting";
    private int _rowCount;
    private int _rowsDone;
    private int _clientsDone;
    private long _bytesBefore;

    /// <summary>How many rows the run has.</summary>
    public int RowCount => Volatile.Read(ref _rowCount);

    /// <summary>Rows finished so far.</summary>
    public int RowsDone => Volatile.Read(ref _rowsDone);

    /// <summary>The row running now, or null between rows.</summary>
    public StressCase? CurrentCase => Volatile.Read(ref _case);

    /// <summary>What the runner is doing: "preparing", "starting server", "running", "verifying", "cleaning up", "done".</summary>
    public string Phase => Volatile.Read(ref _phase);

    /// <summary>Clients of the current row that have ended.</summary>
    public int ClientsDone => Volatile.Read(ref _clientsDone);

    /// <summary>Bytes moved by the current row's clients so far.</summary>
    public long RowBytesDone
    {
        get
        {
            IReadOnlyList<TransferCounter> counters;
            lock (_gate) counters = _counters;
            long sum = 0;
            foreach (var c in counters) sum += c.BytesDone;
            return sum;
        }
    }

    /// <summary>Bytes moved by every client of the run so far.</summary>
    public long BytesDone
    {
        get
        {
            lock (_gate)
            {
                long sum = _bytesBefore;
                foreach (var c in _counters) sum += c.BytesDone;
                return sum;
            }
        }
    }

    /// <summary>0 to 100: the share of rows finished.</summary>
    public int PercentComplete => RowCount == 0 ? 0 : Math.Clamp(RowsDone * 100 / RowCount, 0, 100);

    /// <summary>A status line: "Row 3 of 54: Upload 10.0 MiB x 5 clients, 1 server worker; running, 2 of 5 clients done, 32.0 MiB".</summary>
    public string Describe()
    {
        var c = CurrentCase;
        if (c is null) return string.Create(CultureInfo.InvariantCulture, $"{RowsDone} of {RowCount} rows done; {Phase}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{c.Describe(RowCount)}; {Phase}, {ClientsDone} of {c.ClientWorkers} clients done, {TransferCounter.FormatBytes(RowBytesDone)}");
    }

    internal void Begin(int rowCount) => Volatile.Write(ref _rowCount, rowCount);

    internal void SetPhase(string phase) => Volatile.Write(ref _phase, phase);

    internal void StartRow(StressCase row, IReadOnlyList<TransferCounter> counters)
    {
        lock (_gate) _counters = counters;
        Volatile.Write(ref _clientsDone, 0);
        Volatile.Write(ref _case, row);
    }

    internal void ClientEnded() => Interlocked.Increment(ref _clientsDone);

    internal void EndRow()
    {
        lock (_gate)
        {
            long sum = 0;
            foreach (var c in _counters) sum += c.BytesDone;
            _bytesBefore += sum;
            _counters = Array.Empty<TransferCounter>();
        }
        Volatile.Write(ref _case, null);
        Interlocked.Increment(ref _rowsDone);
    }
}
