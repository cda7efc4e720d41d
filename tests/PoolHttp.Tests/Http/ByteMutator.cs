using System.Text;

namespace PoolHttp.Tests.Http;

/// <summary>
/// A deterministic mutator for the fuzz tests: takes an item of a corpus of valid inputs and applies a few seeded edits
/// (bit flips, hostile bytes, inserted, deleted, duplicated or repeated runs, dictionary tokens, huge numbers in place
/// of digits, splices with another item, truncation). The same <see cref="Random"/> state gives the same bytes, so a
/// case is reproduced from its seed alone.
/// </summary>
public sealed class ByteMutator
{
    /// <summary>Bytes that parsers treat specially, plus a few that they must treat as plain data.</summary>
    private static readonly byte[] Interesting =
        [(byte)'\r', (byte)'\n', 0, (byte)':', (byte)' ', (byte)'\t', (byte)'%', (byte)';', (byte)',', (byte)'-', (byte)'"',
         (byte)'\\', (byte)'=', (byte)'0', (byte)'9', (byte)'F', (byte)'/', 0x0B, 0x7F, 0x80, 0x85, 0xA0, 0xC3, 0xFF];

    /// <summary>Numbers at and past the edges of what length and chunk-size fields can hold, and look-alikes.</summary>
    private static readonly byte[][] HugeNumbers = Latin1(
        "99999999999999999999", "9223372036854775807", "9223372036854775808", "18446744073709551616",
        "999999999999999999", "FFFFFFFFFFFFFFF", "1000000000000000", "7fffffffffffffff", "0000000000000000000005",
        "-1", "+5", "0x5", "1e3", "00", "\u00d9\u00a3" /* Arabic-Indic digit three in UTF-8 */);

    private readonly IReadOnlyList<byte[]> _corpus;
    private readonly IReadOnlyList<byte[]> _dictionary;
    private readonly int _maxLength;

    /// <summary>Creates a mutator over <paramref name="corpus"/>, inserting tokens of <paramref name="dictionary"/>.</summary>
    public ByteMutator(IReadOnlyList<byte[]> corpus, IReadOnlyList<byte[]> dictionary, int maxLength)
    {
        _corpus = corpus;
        _dictionary = dictionary;
        _maxLength = maxLength;
    }

    /// <summary>Encodes each text as Latin-1 bytes, one byte per char, as the samples are written.</summary>
    public static byte[][] Latin1(params string[] texts) => texts.Select(Encoding.Latin1.GetBytes).ToArray();

    /// <summary>A corpus item with 0 to 6 edits; one case in sixteen is left as it is.</summary>
    public byte[] Next(Random rng)
    {
        var bytes = new List<byte>(_corpus[rng.Next(_corpus.Count)]);
        // Mostly one or two edits, so that most cases stay near valid input, where the interesting decisions are.
        int edits = rng.Next(16) == 0 ? 0 : 1 + rng.Next(1 + rng.Next(6));
        for (int i = 0; i < edits; i++) Edit(bytes, rng);
        if (bytes.Count > _maxLength) bytes.RemoveRange(_maxLength, bytes.Count - _maxLength);
        return bytes.ToArray();
    }

    private void Edit(List<byte> bytes, Random rng)
    {
        switch (rng.Next(12))
        {
            case 0 when bytes.Count > 0:
                int bit = rng.Next(bytes.Count * 8);
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                break;
            case 1 when bytes.Count > 0:
                bytes[rng.Next(bytes.Count)] = HostileByte(rng);
                break;
            case 2:
                bytes.Insert(rng.Next(bytes.Count + 1), HostileByte(rng));
                break;
            case 3 when bytes.Count > 0:
                int at = rng.Next(bytes.Count);
                bytes.RemoveRange(at, Math.Min(1 + rng.Next(8), bytes.Count - at));
                break;
            case 4 when bytes.Count > 0:
                Duplicate(bytes, rng, times: 1);
                break;
            case 5 when bytes.Count > 0:
                Duplicate(bytes, rng, times: 2 + rng.Next(rng.Next(2) == 0 ? 8 : 2000));
                break;
            case 6:
            case 7:
                bytes.InsertRange(rng.Next(bytes.Count + 1), _dictionary[rng.Next(_dictionary.Count)]);
                break;
            case 8:
                ReplaceNumber(bytes, rng);
                break;
            case 9:
                Splice(bytes, rng);
                break;
            case 10 when bytes.Count > 0:
                int end = rng.Next(bytes.Count);
                bytes.RemoveRange(end, bytes.Count - end);
                break;
            default:
                bytes.Insert(rng.Next(bytes.Count + 1), (byte)rng.Next(256));
                break;
        }
    }

    private static byte HostileByte(Random rng) =>
        rng.Next(4) == 0 ? (byte)(0x80 + rng.Next(0x80)) : Interesting[rng.Next(Interesting.Length)];

    /// <summary>Inserts copies of a short run right after it: grows lines and fields towards the limits.</summary>
    private void Duplicate(List<byte> bytes, Random rng, int times)
    {
        int start = rng.Next(bytes.Count);
        int length = Math.Min(1 + rng.Next(32), bytes.Count - start);
        times = Math.Min(times, Math.Max(0, (_maxLength - bytes.Count) / length));
        var run = bytes.GetRange(start, length);
        for (int i = 0; i < times; i++) bytes.InsertRange(start + length, run);
    }

    /// <summary>Replaces a run of (hex) digits with a huge or malformed number; inserts one when there is none.</summary>
    private static void ReplaceNumber(List<byte> bytes, Random rng)
    {
        byte[] number = HugeNumbers[rng.Next(HugeNumbers.Length)];
        int probe = bytes.Count == 0 ? 0 : rng.Next(bytes.Count);
        int start = bytes.FindIndex(probe, IsHexDigit);
        if (start < 0) start = bytes.FindIndex(IsHexDigit);
        if (start < 0)
        {
            bytes.InsertRange(bytes.Count == 0 ? 0 : rng.Next(bytes.Count + 1), number);
            return;
        }
        int end = start;
        while (end < bytes.Count && IsHexDigit(bytes[end])) end++;
        bytes.RemoveRange(start, end - start);
        bytes.InsertRange(start, number);
    }

    private static bool IsHexDigit(byte b) => char.IsAsciiHexDigit((char)b);

    /// <summary>Keeps a prefix of this input and appends a suffix of another corpus item.</summary>
    private void Splice(List<byte> bytes, Random rng)
    {
        byte[] other = _corpus[rng.Next(_corpus.Count)];
        int cut = rng.Next(bytes.Count + 1);
        bytes.RemoveRange(cut, bytes.Count - cut);
        bytes.AddRange(other.AsSpan(rng.Next(other.Length + 1)).ToArray());
    }
}
