using System.Security.Cryptography;
using PoolHttp.Engine.Client;

namespace PoolHttp.Tests.Client;

/// <summary>Test data and small waits shared by the client tests.</summary>
internal static class ClientTestData
{
    /// <summary>Deterministic pseudo-random bytes (so a failure can be reproduced).</summary>
    public static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    /// <summary>Creates a sparse file of <paramref name="length"/> bytes (zeros) that takes no disk space.</summary>
    public static string Sparse(string path, long length)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        f.SetLength(length);
        return path;
    }

    /// <summary>Waits until the transfer has moved at least one byte (or ended), with a deadline; never sleeps.</summary>
    public static async Task UntilMoving(TransferCounter counter, Task transfer)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (counter.BytesDone == 0 && !transfer.IsCompleted)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The transfer never started.");
            await Task.Yield();
        }
    }

    /// <summary>Waits for a condition the server reaches on its own (cleanup after an abort), with a deadline.</summary>
    public static void Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Never happened: " + what);
            Thread.Yield();
        }
    }

    /// <summary>Files a download may leave beside its destination.</summary>
    public static IEnumerable<string> Leftovers(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".part", StringComparison.Ordinal) || f.EndsWith(".part.etag", StringComparison.Ordinal));
}
