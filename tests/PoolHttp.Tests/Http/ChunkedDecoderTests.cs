using System.Text;
using PoolHttp.Engine.Http;

namespace PoolHttp.Tests.Http;

public class ChunkedDecoderTests
{
    /// <summary>What decoding a byte sequence gave: refused, or the data with whether the body ended and what followed it.</summary>
    public sealed record Decoded(bool Refused, bool Done, string Data, int Leftover)
    {
        public static Decoded Refusal { get; } = new(true, false, "", 0);

        public override string ToString() => Refused ? "Refused" : $"{(Done ? "Done" : "Incomplete")} data={Data.Length}:'{Data}' leftover={Leftover}";
    }

    public static TheoryData<string, string, int> Valid => new()
    {
        { "0\r\n\r\n", "", 0 },
        { "5\r\nhello\r\n0\r\n\r\n", "hello", 0 },
        { "3\r\nabc\r\n4\r\ndefg\r\n1\r\nh\r\n0\r\n\r\n", "abcdefgh", 0 },
        { "A\r\n0123456789\r\na\r\nabcdefghij\r\n0\r\n\r\n", "0123456789abcdefghij", 0 },
        { "1B\r\n" + new string('x', 27) + "\r\n0\r\n\r\n", new string('x', 27), 0 },
        { "00000f\r\n" + new string('y', 15) + "\r\n000\r\n\r\n", new string('y', 15), 0 },
        { "5;name=value\r\nhello\r\n0;last\r\n\r\n", "hello", 0 },
        { "5;a=\"x;y\";b\r\nhello\r\n0\r\n\r\n", "hello", 0 },
        { "5 ;a=b\r\nhello\r\n0\t;c\r\n\r\n", "hello", 0 },
        { "5\r\nhello\r\n0\r\nX-Sum: abc\r\nX-Other: 1\r\n\r\n", "hello", 0 },
        { "5\nhello\n0\n\n", "hello", 0 },
        { "5\r\nhello\n0\nX-T: 1\r\n\n", "hello", 0 },
        // framing inside the data is data
        { "6\r\n0\r\n\r\nx\r\n0\r\n\r\n", "0\r\n\r\nx", 0 },
        // whatever follows the last chunk is the next request's and stays unconsumed
        { "5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n", "hello", 18 },
        { "0\n\nX", "", 1 },
        { "0\r\nT: 1\r\n\r\n0\r\n\r\n", "", 5 },
    };

    public static TheoryData<string> Invalid => new()
    {
        "\r\n",
        "x\r\n",
        "g\r\nhello\r\n0\r\n\r\n",
        "-5\r\nhello\r\n0\r\n\r\n",
        "+5\r\nhello\r\n0\r\n\r\n",
        "0x5\r\nhello\r\n0\r\n\r\n",
        " 5\r\nhello\r\n0\r\n\r\n",
        ";ext\r\n",
        "5\rhello\r\n0\r\n\r\n",
        "5\r\r\nhello\r\n0\r\n\r\n",
        "5;\u0001\r\nhello\r\n0\r\n\r\n",
        "5;a\u0000b\r\nhello\r\n0\r\n\r\n",
        // data not followed by CRLF: the size was a lie
        "5\r\nhelloX\r\n0\r\n\r\n",
        "3\r\nhello\r\n0\r\n\r\n",
        "5\r\nhello\rX0\r\n\r\n",
        "5\r\nhello\r\r\n0\r\n\r\n",
        "5\r\nhello0\r\n\r\n",
        // sizes that do not fit in 15 hex digits
        "1000000000000000\r\n",
        "FFFFFFFFFFFFFFFF\r\n",
        "0000000000000005\r\nhello\r\n0\r\n\r\n",
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF1\r\n",
        // an extension line that never ends
        "5;" + new string('e', 5000) + "\r\nhello\r\n0\r\n\r\n",
        // trailers: too large in one line or in many, or a bare CR
        "0\r\nX-Big: " + new string('t', 40 * 1024) + "\r\n\r\n",
        "0\r\n" + string.Concat(Enumerable.Repeat("X-Trailer: 0123456789\r\n", 2000)) + "\r\n",
        "0\r\nX: 1\rY\r\n\r\n",
        "0\r\n\r\r",
    };

    [Theory, MemberData(nameof(Valid))]
    public void Valid_body_decodes_to_its_data_at_every_split(string raw, string data, int leftover)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(raw);
        var expected = new Decoded(false, true, data, leftover);
        for (int cut = 1; cut <= bytes.Length; cut++)
            Assert.Equal(expected, DecodeInReads(bytes, cut));
    }

    [Theory, MemberData(nameof(Invalid))]
    public void Invalid_body_is_refused_at_every_split(string raw)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(raw);
        foreach (int cut in Cuts(bytes.Length))
            Assert.Equal(Decoded.Refusal, DecodeInReads(bytes, cut));
    }

    [Fact]
    public void Binary_data_of_every_byte_value_passes_through()
    {
        byte[] payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        byte[] bytes = [.. "100\r\n"u8, .. payload, .. "\r\n0\r\n\r\n"u8];
        foreach (int cut in new[] { 1, 2, 3, 7, 64, bytes.Length })
            Assert.Equal(new Decoded(false, true, Encoding.Latin1.GetString(payload), 0), DecodeInReads(bytes, cut));
    }

    [Theory]
    [InlineData("5\r\nhel", "hel")]
    [InlineData("FFFFFFFFFFFFFFF\r\nab", "ab")]
    [InlineData("5;ext", "")]
    [InlineData("5\r\nhello\r\n0\r\nX-T: 1\r\n", "hello")]
    public void Truncated_body_is_neither_refused_nor_done(string raw, string data)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(raw);
        for (int cut = 1; cut <= bytes.Length; cut++)
            Assert.Equal(new Decoded(false, false, data, 0), DecodeInReads(bytes, cut));
    }

    [Fact]
    public void Decoder_reports_done_only_after_the_final_line_break()
    {
        var decoder = new ChunkedDecoder();
        Assert.True(decoder.Step("0\r\n\r"u8, out int consumed, out int data));
        Assert.Equal((4, 0), (consumed, data));
        Assert.False(decoder.IsDone);
        Assert.True(decoder.Step("\nnext"u8, out consumed, out data));
        Assert.Equal((1, 0), (consumed, data));
        Assert.True(decoder.IsDone);
    }

    private static IEnumerable<int> Cuts(int length) =>
        length <= 512 ? Enumerable.Range(1, length) : new[] { 1, 2, 3, 7, 64, 1000, 4096, length };

    /// <summary>
    /// Feeds the decoder as a connection does: a buffer of unconsumed bytes that grows by <paramref name="cut"/> bytes
    /// whenever the decoder has taken everything it can.
    /// </summary>
    private static Decoded DecodeInReads(byte[] bytes, int cut)
    {
        var decoder = new ChunkedDecoder();
        var output = new List<byte>();
        var buffer = new List<byte>();
        int offset = 0;
        while (true)
        {
            while (!decoder.IsDone && buffer.Count > 0)
            {
                byte[] pending = buffer.ToArray();
                if (!decoder.Step(pending, out int consumed, out int data)) return Decoded.Refusal;
                Assert.InRange(consumed, 1, pending.Length);
                if (data > 0)
                {
                    Assert.Equal(consumed, data);
                    output.AddRange(pending[..data]);
                }
                buffer.RemoveRange(0, consumed);
            }
            if (decoder.IsDone) return new Decoded(false, true, Encoding.Latin1.GetString(output.ToArray()), buffer.Count + bytes.Length - offset);
            if (offset == bytes.Length) return new Decoded(false, false, Encoding.Latin1.GetString(output.ToArray()), 0);
            int n = Math.Min(cut, bytes.Length - offset);
            buffer.AddRange(bytes.AsSpan(offset, n).ToArray());
            offset += n;
        }
    }
}
