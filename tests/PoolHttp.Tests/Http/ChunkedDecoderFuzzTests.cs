using System.Text;
using PoolHttp.Engine.Http;
using Decoded = PoolHttp.Tests.Http.ChunkedDecoderTests.Decoded;

namespace PoolHttp.Tests.Http;

/// <summary>
/// Hostile bytes at scale for <see cref="ChunkedDecoder"/>: mutations of the chunked samples must decode, ask for more
/// or be refused (Step returns false, which the connection answers with a 400), never throw, and give the same data
/// for any pattern of reads.
/// </summary>
[Collection(nameof(FuzzCollection))]
public class ChunkedDecoderFuzzTests
{
    private const long CiCases = 3000;

    private static readonly byte[][] Corpus = ChunkedDecoderTests.Valid.Select<object[], string>(row => (string)row[0])
        .Concat(ChunkedDecoderTests.Invalid.Select<object[], string>(row => (string)row[0]))
        .Select(raw => Encoding.Latin1.GetBytes(raw))
        .Concat(ByteMutator.Latin1(
            "5\r\nhel", "FFFFFFFFFFFFFFF\r\nab", "5;ext", "5\r\nhello\r\n0\r\nX-T: 1\r\n",
            "1\r\na\r\n2\r\nbc\r\n3;x=\"y\"\r\ndef\r\n0\r\nX-A: 1\r\nX-B: 2\r\n\r\n"))
        .Append([.. "100\r\n"u8, .. Enumerable.Range(0, 256).Select(i => (byte)i), .. "\r\n0\r\n\r\n"u8])
        .ToArray();

    private static readonly byte[][] Dictionary = ByteMutator.Latin1(
        "\r\n", "\n", "\r", "0\r\n\r\n", "0\r\n", ";", ";name=value", ";a=\"x;y\"", " ", "\t", "X-Trailer: 1\r\n",
        "FFFFFFFFFFFFFFF", "1000000000000000", "ffffffffffffffffffffffff", "00000000000000001", "\r\n\r\n");

    private static readonly ByteMutator Mutator = new(Corpus, Dictionary, maxLength: 48 * 1024);

    [Fact]
    public void Mutated_chunked_bodies_decode_ask_for_more_or_are_refused_the_same_for_any_reads()
    {
        var report = FuzzLoop.Run("chunked decoder", CiCases, Mutator.Next, CSharpLiteral.Of, Check);

        Assert.True(report.Failed == 0, report.ToString());
        if (report.Cases < 1000) return;
        Assert.All(new[] { "Done", "Incomplete", "Refused" },
            outcome => Assert.True(report.Outcomes.ContainsKey(outcome), $"{outcome} never reached:\n{report}"));
    }

    /// <summary>
    /// Decodes whole, in small seeded reads and in large seeded reads; all must agree. A body that ends before its input
    /// does must end the same way without the bytes that follow it.
    /// </summary>
    private static string Check(byte[] input, Random rng)
    {
        var whole = Decode(input, () => input.Length);
        var small = new Random(rng.Next());
        Assert.True(Decode(input, () => 1 + small.Next(16)) == whole, $"small reads differ from whole: {whole}");
        var large = new Random(rng.Next());
        Assert.True(Decode(input, () => 1 + large.Next(Math.Max(input.Length, 1))) == whole, $"large reads differ from whole: {whole}");

        if (whole.Refused) return "Refused";
        if (!whole.Done) return "Incomplete";
        var alone = Decode(input[..^whole.Leftover], () => input.Length);
        Assert.True(alone == whole with { Leftover = 0 }, $"the body alone: {alone}; with what follows: {whole}");
        return "Done";
    }

    /// <summary>
    /// Feeds the decoder as a connection does: the unconsumed bytes received so far, growing by the next read's size
    /// whenever the decoder has taken all it can. Checks Step's promises on the way.
    /// </summary>
    private static Decoded Decode(byte[] input, Func<int> nextRead)
    {
        var decoder = new ChunkedDecoder();
        var output = new MemoryStream();
        int start = 0, end = 0;
        while (true)
        {
            while (!decoder.IsDone && start < end)
            {
                if (!decoder.Step(input.AsSpan(start, end - start), out int consumed, out int data)) return Decoded.Refusal;
                Assert.True(consumed >= 1 && consumed <= end - start, $"Step consumed {consumed} of {end - start} bytes");
                Assert.True(data == 0 || data == consumed, $"Step reported {data} data bytes but consumed {consumed}");
                output.Write(input, start, data);
                start += consumed;
            }
            if (decoder.IsDone) return new Decoded(false, true, Text(output), input.Length - start);
            if (end == input.Length) return new Decoded(false, false, Text(output), 0);
            end = Math.Min(input.Length, end + nextRead());
        }
    }

    private static string Text(MemoryStream output) => Encoding.Latin1.GetString(output.GetBuffer(), 0, (int)output.Length);
}
