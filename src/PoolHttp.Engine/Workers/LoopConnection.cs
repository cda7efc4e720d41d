using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// A connection as an event loop keeps it: its token in the epoll instance and who owns it now. A parked connection
/// is armed for one report of input; whoever moves it out of <see cref="Parked"/> (a worker on that report, or the
/// sweeper at its deadline) owns it, and the other one leaves it alone.
/// </summary>
internal sealed class LoopConnection(Connection connection, ulong token)
{
    /// <summary>Owned by a thread (being read, served, or queued to be served).</summary>
    public const int Busy = 0;

    /// <summary>Waiting in the epoll instance for input, until its deadline.</summary>
    public const int Parked = 1;

    /// <summary>Taken out of the epoll instance by the sweeper.</summary>
    public const int Swept = 2;

    private int _state = Busy;
    private int _closed;

    /// <summary>The HTTP connection.</summary>
    public Connection Connection { get; } = connection;

    /// <summary>Its token in the epoll instance.</summary>
    public ulong Token { get; } = token;

    /// <summary>True once the descriptor was added to the epoll instance (later arms modify).</summary>
    public bool Registered { get; set; }

    /// <summary>When its wait ends, as <see cref="Environment.TickCount64"/>; set when it is parked.</summary>
    public long DeadlineMs { get; set; }

    /// <summary>True while parked.</summary>
    public bool IsParked => Volatile.Read(ref _state) == Parked;

    /// <summary>Marks the connection parked; call only after it was armed, so that its report finds it parked.</summary>
    public void MarkParked() => Volatile.Write(ref _state, Parked);

    /// <summary>
    /// A report of input arrived: takes the connection unless the sweeper took it first. The report can only follow
    /// an arm, and the parking thread marks the connection parked right after arming it, so a busy state here is
    /// that moment and is waited out.
    /// </summary>
    public bool TakeOnReport()
    {
        var spin = new SpinWait();
        while (true)
        {
            int state = Volatile.Read(ref _state);
            if (state == Parked && Interlocked.CompareExchange(ref _state, Busy, Parked) == Parked) return true;
            if (state == Swept || Volatile.Read(ref _closed) != 0) return false;
            spin.SpinOnce();
        }
    }

    /// <summary>The sweeper's take: true when the connection was parked and is now the sweeper's.</summary>
    public bool TrySweep() => Interlocked.CompareExchange(ref _state, Swept, Parked) == Parked;

    /// <summary>True the first time only: the caller then removes and closes it.</summary>
    public bool TryClose() => Interlocked.Exchange(ref _closed, 1) == 0;
}
