namespace PoolHttp.Engine.Client;

/// <summary>Lowercase hexadecimal, the usual spelling of checksums (sha256sum, Get-FileHash aside).</summary>
internal static class Hex
{
    public static string Lower(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
