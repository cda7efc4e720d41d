using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using PoolHttp.Engine.Client;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// A test file of pseudo-random bytes that depend only on its size (so its SHA-256 is known without reading it
/// back), written by streaming through one pooled buffer and hashed while it is written.
/// </summary>
internal sealed record TestFile(string Path, string Name, long Size, string Sha256)
{
    private const int BufferSize = 1 << 20;

    /// <summary>The file's name for a size: the same on disk and on the server.</summary>
    public static string NameFor(long size) => $"stress-{size}.bin";

    /// <summary>Writes the file for <paramref name="size"/> into <paramref name="folder"/>.</summary>
    public static async Task<TestFile> CreateAsync(string folder, long size, CancellationToken cancellationToken)
    {
        string name = NameFor(size);
        string path = System.IO.Path.Combine(folder, name);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                ulong state = (ulong)size ^ 0x9E3779B97F4A7C15UL;
                for (long left = size; left > 0;)
                {
                    int n = (int)Math.Min(BufferSize, left);
                    Fill(buffer.AsSpan(0, BufferSize), ref state);
                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    left -= n;
                }
            }
            return new TestFile(path, name, size, Hex.Lower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The SHA-256 (lowercase hex) and length of a file on disk, read by streaming.</summary>
    public static async Task<(long Length, string Sha256)> HashAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            byte[] digest = await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
            return (file.Length, Hex.Lower(digest));
        }
    }

    /// <summary>SplitMix64: fast, and the same bytes for the same seed on every machine.</summary>
    private static void Fill(Span<byte> buffer, ref ulong state)
    {
        for (int i = 0; i + sizeof(ulong) <= buffer.Length; i += sizeof(ulong))
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            BinaryPrimitives.WriteUInt64LittleEndian(buffer[i..], z ^ (z >> 31));
        }
    }
}
