namespace PoolHttp.Engine.Results;

/// <summary>
/// One client's transfer in one row of a stress run (<c>Invoke-PoolStressTest -PerClient</c>): flat, so that the
/// transfers of several hosts can be collected with <c>Export-Csv</c> or over PowerShell remoting and merged into rows
/// (<c>StressMerge</c>). Times are UTC by the clock of the host that ran the client.
/// </summary>
public sealed class PoolStressClientResult
{
    /// <summary>The row's number in the run, from 1: the row key, the same on every host that runs the same matrix.</summary>
    public int Number { get; set; }

    /// <summary>Upload or Download.</summary>
    public StressOperation Operation { get; set; }

    /// <summary>The size of the row's file, in bytes.</summary>
    public long FileSizeBytes { get; set; }

    /// <summary>How many clients the row ran on this host.</summary>
    public int ClientWorkers { get; set; }

    /// <summary>The client's number in the row on its host, from 1.</summary>
    public int Client { get; set; }

    /// <summary>The host that ran the client.</summary>
    public string HostName { get; set; } = "";

    /// <summary>When the client's transfer started (UTC, by its host's clock).</summary>
    public DateTime StartUtc { get; set; }

    /// <summary>When the client's transfer ended or failed (UTC, by its host's clock).</summary>
    public DateTime EndUtc { get; set; }

    /// <summary>The time of the whole transfer, measured on its host (free of clock steps).</summary>
    public double Seconds { get; set; }

    /// <summary>Bytes moved successfully (0 for a failed client).</summary>
    public long Bytes { get; set; }

    /// <summary>True when the transfer completed with the right length and SHA-256.</summary>
    public bool Succeeded { get; set; }

    /// <summary>Why the client failed; empty when it succeeded.</summary>
    public string Error { get; set; } = "";
}
