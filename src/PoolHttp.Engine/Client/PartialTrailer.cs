using System.Buffers.Binary;
using System.Text;

namespace PoolHttp.Engine.Client;

/// <summary>
/// The validator a kept partial file belongs to, stored at its end so that the partial state is one file:
/// <c>[received bytes][validator, UTF-8][validator length: int32 LE][received length: int64 LE]["PoolPart"]</c>.
/// </summary>
/// <remarks>
/// At the end rather than the start so that the received bytes stay where the finished file needs them: the trailer
/// is cut off by one SetLength, never by copying the file. It is written only when a failed download is kept, so a
/// partial file without one (a process killed mid-transfer) is simply bytes of unknown validator.
/// </remarks>
internal static class PartialTrailer
{
    private const int MaxValidatorBytes = 1024;
    private const int FixedBytes = sizeof(int) + sizeof(long) + 8;
    private static readonly byte[] Magic = "PoolPart"u8.ToArray();

    /// <summary>Appends the trailer to a partial file of <paramref name="length"/> received bytes.</summary>
    public static void Append(string path, long length, string validator)
    {
        byte[] text = Encoding.UTF8.GetBytes(validator);
        if (text.Length is 0 or > MaxValidatorBytes) return;
        var trailer = new byte[text.Length + FixedBytes];
        text.CopyTo(trailer, 0);
        BinaryPrimitives.WriteInt32LittleEndian(trailer.AsSpan(text.Length), text.Length);
        BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(text.Length + sizeof(int)), length);
        Magic.CopyTo(trailer, text.Length + sizeof(int) + sizeof(long));
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        stream.SetLength(length);
        stream.Position = length;
        stream.Write(trailer);
    }

    /// <summary>
    /// The received length and validator of a partial file: (0, null) when there is none or its trailer is
    /// inconsistent (nothing can be trusted), (file length, null) when it has no trailer.
    /// </summary>
    public static async Task<(long Length, string? Validator)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return (0, null);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            long fileLength = stream.Length;
            if (fileLength < FixedBytes) return (fileLength, null);
            var tail = new byte[FixedBytes];
            stream.Position = fileLength - FixedBytes;
            await stream.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
            if (!tail.AsSpan(sizeof(int) + sizeof(long)).SequenceEqual(Magic)) return (fileLength, null);
            int textLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
            long length = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(sizeof(int)));
            if (textLength is <= 0 or > MaxValidatorBytes || length < 0 || length + textLength + FixedBytes != fileLength) return (0, null);
            var text = new byte[textLength];
            stream.Position = length;
            await stream.ReadExactlyAsync(text, cancellationToken).ConfigureAwait(false);
            return (length, Encoding.UTF8.GetString(text));
        }
    }
}
