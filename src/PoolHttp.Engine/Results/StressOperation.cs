namespace PoolHttp.Engine.Results;

/// <summary>What each client of a stress row does.</summary>
public enum StressOperation
{
    /// <summary>Each client uploads the test file under a name of its own (removed after the row).</summary>
    Upload,

    /// <summary>Each client downloads the prepared test file and hashes it.</summary>
    Download,
}
