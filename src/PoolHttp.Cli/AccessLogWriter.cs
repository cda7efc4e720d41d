using System.Collections.Concurrent;
using PoolHttp.Engine.Server;

namespace PoolHttp.Cli;

/// <summary>Writes access log lines from a background thread so that workers never wait on the terminal.</summary>
internal sealed class AccessLogWriter : IDisposable
{
    private readonly BlockingCollection<AccessLogEntry> _queue = new(new ConcurrentQueue<AccessLogEntry>(), 100_000);
    private readonly Thread _thread;
    private readonly TextWriter _out;

    public AccessLogWriter(TextWriter output)
    {
        _out = output;
        _thread = new Thread(Run) { IsBackground = true, Name = "PoolHttp access log" };
        _thread.Start();
    }

    /// <summary>Queues an entry; drops it when the terminal cannot keep up rather than slowing the server.</summary>
    public void Add(AccessLogEntry entry) => _queue.TryAdd(entry);

    private void Run()
    {
        foreach (var entry in _queue.GetConsumingEnumerable())
        {
            _out.WriteLine(entry.ToCommonLogFormat());
            if (_queue.Count == 0) _out.Flush();
        }
        _out.Flush();
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(2));
        _queue.Dispose();
    }
}
