using System.Diagnostics;

namespace PoolHttp.Engine.Client;

/// <summary>
/// Cancels its token when no byte moved for the idle timeout, however long the transfer runs as a whole.
/// Each moved buffer calls <see cref="Touch"/> (one timestamp write); a timer looks at it a few times per timeout.
/// </summary>
internal sealed class IdleWatch : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly Timer? _timer;
    private readonly TimeSpan _idle;
    private long _last;
    private int _timedOut;

    public IdleWatch(TimeSpan idle, CancellationToken outer)
    {
        _idle = idle;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Touch();
        if (idle != Timeout.InfiniteTimeSpan)
        {
            var period = TimeSpan.FromTicks(Math.Clamp(idle.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
            _timer = new Timer(static state => ((IdleWatch)state!).Check(), this, period, period);
        }
    }

    /// <summary>Cancelled by the caller or by the idle timeout.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>True once the idle timeout fired.</summary>
    public bool TimedOut => Volatile.Read(ref _timedOut) != 0;

    /// <summary>The idle timeout watched.</summary>
    public TimeSpan Idle => _idle;

    /// <summary>Records that bytes moved just now.</summary>
    public void Touch() => Volatile.Write(ref _last, Stopwatch.GetTimestamp());

    private void Check()
    {
        if (Stopwatch.GetElapsedTime(Volatile.Read(ref _last)) <= _idle) return;
        if (Interlocked.Exchange(ref _timedOut, 1) != 0) return;
        try { _cts.Cancel(); }
        catch (ObjectDisposedException) { /* the transfer ended meanwhile */ }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _cts.Dispose();
    }
}
