namespace PoolHttp.Engine.Server;

/// <summary>The peer hung up, reset, or stalled past a timeout: the exchange is aborted without a response.</summary>
public sealed class ClientGoneException : Exception
{
    /// <summary>Creates the exception with what happened.</summary>
    public ClientGoneException(string message, Exception? inner = null) : base(message, inner) { }
}
