using System.Globalization;
using System.Text;
using PoolHttp.Engine.Http;

namespace PoolHttp.Tests.Http;

/// <summary>
/// Hostile bytes at scale for <see cref="MultipartReader"/>: mutated bodies (and now and then a mutated boundary) must
/// give parts or the reader's documented refusal (an <see cref="HttpError"/> 400 that closes the connection), never
/// another exception, and the same parts and bytes for any pattern of read sizes.
/// </summary>
[Collection(nameof(FuzzCollection))]
public class MultipartReaderFuzzTests
{
    private const long CiCases = 4000;
    private const int MaxPartHeader = 16 * 1024;
    private const string LongBoundary = "----PoolBoundary7MA4YWxkTrZu0gW";

    /// <summary>Boundaries whose delimiters overlap themselves, the close marker or the line breaks around them.</summary>
    private static readonly string[] Boundaries = [LongBoundary, "b", "aa", "-", "\r\n--"];

    private static readonly ByteMutator[] Mutators = Boundaries.Select(b => new ByteMutator(Corpus(b), Dictionary(b), 20 * 1024)).ToArray();

    private static readonly ByteMutator BoundaryMutator =
        new(ByteMutator.Latin1([.. Boundaries, new string('b', 200)]), ByteMutator.Latin1("-", "\r\n", " ", "\""), maxLength: 260);

    private sealed record MultipartCase(string Boundary, byte[] Body);

    private sealed record Outcome(string Parts, int Count, string? Error)
    {
        public string Label => Error ?? (Count >= 3 ? "3+ parts" : $"{Count} parts");

        public override string ToString() => $"{Label}: {CSharpLiteral.Of(Parts, 1000)}";
    }

    [Fact]
    public void Mutated_multipart_bodies_give_parts_or_a_400_the_same_for_any_read_sizes()
    {
        var report = FuzzLoop.Run("multipart reader", CiCases, Generate, Describe, Check);

        Assert.True(report.Failed == 0, report.ToString());
        if (report.Cases < 1000) return;
        string[] reached = ["0 parts", "1 parts", "3+ parts", "400 The multipart body ended before its closing boundary.",
            "400 The multipart boundary is missing or too long.", "400 A multipart part header is too large."];
        Assert.All(reached, outcome => Assert.True(report.Outcomes.ContainsKey(outcome), $"{outcome} never reached:\n{report}"));
    }

    private static IReadOnlyList<byte[]> Corpus(string b)
    {
        string nearMiss = "\r\n--" + b[..^1];
        var bodies = new List<string>
        {
            $"preamble --{b[..1]}\r\n--{b}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\n" +
                $"--{b}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n" +
                $"x{nearMiss}y\r\n--\r\n{nearMiss}\r\n--{b}\r\ncontent-disposition: form-data; name=\"g\"; filename=\"C:\\x\\caf\u00c3\u00a9.bin\"" +
                $"\r\n\r\n\r\n\r\n\r\n-\r\n--{b}--\r\nepilogue\r\n--{b}\r\n",
            $"--{b}\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a.bin\"\r\n\r\n\r\n--{b}\r\n\r\nno headers\r\n--{b}--",
            string.Concat(Enumerable.Range(0, 6).Select(i => $"--{b}\r\n\r\n{i}\r\n")) + $"--{b}--\r\n",
            $"--{b}\r\nContent-Disposition: form-data; name=\"f\"; filename*=UTF-8''%E2%82%AC%20rates.txt; filename=\"fallback.txt\"\r\n\r\n" +
                $"{nearMiss}%PDF\r\r\n--{b}\r\nContent-Disposition: form-data; name=\"n; filename=not.txt\"; filename=\"say \\\"hi\\\".txt\"\r\n\r\n" +
                $"\r\n--{b}--",
        };
        if (b == LongBoundary)
        {
            bodies.AddRange(MultipartReaderTests.Truncated.Select<object[], string>(row => (string)row[0]));
            // A part header section right at the 16 KiB limit: one more byte from a mutation and it is refused.
            string head = $"--{b}\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ";
            bodies.Add(head + new string('p', MaxPartHeader - (head.Length - b.Length - 4)) + $"\r\n\r\ndata\r\n--{b}--");
        }
        return ByteMutator.Latin1([.. bodies]);
    }

    private static IReadOnlyList<byte[]> Dictionary(string b) => ByteMutator.Latin1(
        $"\r\n--{b}", $"--{b}\r\n", $"--{b}--", "\r\n--" + b[..^1], "--", "\r\n", "\r\n\r\n", "\r", ";", "\"", "\\",
        "Content-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\n", "filename=", "filename*=UTF-8''%FF", "%E2%82",
        "filename*=ISO-8859-1''%A3", "''");

    private static MultipartCase Generate(Random rng)
    {
        int item = rng.Next(Boundaries.Length);
        string boundary = rng.Next(32) == 0 ? Encoding.Latin1.GetString(BoundaryMutator.Next(rng)) : Boundaries[item];
        return new MultipartCase(boundary, Mutators[item].Next(rng));
    }

    private static string Describe(MultipartCase c, int maxChars) =>
        $"boundary {CSharpLiteral.Of(Encoding.Latin1.GetBytes(c.Boundary), 300)}, body {CSharpLiteral.Of(c.Body, maxChars)}";

    /// <summary>
    /// Reads whole, in small seeded reads (around the delimiter's length) and in large seeded reads; all must agree.
    /// A quarter of the cases skip the data of some parts, which the next part then reads past.
    /// </summary>
    private static string Check(MultipartCase c, Random rng)
    {
        int skipMask = rng.Next(4) == 0 ? rng.Next() : 0;
        var whole = ReadAll(c, () => int.MaxValue, skipMask);
        var small = new Random(rng.Next());
        var inSmallReads = ReadAll(c, () => 1 + small.Next(2 * (c.Boundary.Length + 4) + 2), skipMask);
        Assert.True(inSmallReads == whole, $"small reads: {inSmallReads}; whole: {whole}");
        var large = new Random(rng.Next());
        var inLargeReads = ReadAll(c, () => 1 + large.Next(Math.Max(c.Body.Length, 1)), skipMask);
        Assert.True(inLargeReads == whole, $"large reads: {inLargeReads}; whole: {whole}");
        return whole.Label;
    }

    /// <summary>Every part as "name length:name data length:data", or what was read before the refusal and the refusal.</summary>
    private static Outcome ReadAll(MultipartCase c, Func<int> nextRead, int skipMask)
    {
        var parts = new StringBuilder();
        int count = 0;
        try
        {
            using var reader = new MultipartReader(c.Boundary, Reads(c.Body, nextRead));
            for (string? name = reader.NextPart(); name is not null; name = reader.NextPart(), count++)
            {
                parts.Append(CultureInfo.InvariantCulture, $"{name.Length}:{name} ");
                if (((skipMask >> (count % 31)) & 1) == 1)
                {
                    parts.Append("skipped\n");
                    continue;
                }
                var data = new MemoryStream();
                for (var span = reader.ReadData(); !span.IsEmpty; span = reader.ReadData()) data.Write(span);
                parts.Append(data.Length).Append(':').Append(Encoding.Latin1.GetString(data.GetBuffer(), 0, (int)data.Length)).Append('\n');
            }
            Assert.Null(reader.NextPart());
            return new Outcome(parts.ToString(), count, null);
        }
        catch (HttpError e)
        {
            Assert.True(e.Status == 400 && e.CloseConnection, $"HttpError {e.Status} (close: {e.CloseConnection}): {e.Message}");
            return new Outcome(parts.ToString(), count, $"400 {e.Message}");
        }
    }

    /// <summary>A read function over the body whose sizes come from <paramref name="nextRead"/>; it checks how it is called.</summary>
    private static Func<byte[], int, int, int> Reads(byte[] body, Func<int> nextRead)
    {
        int offset = 0;
        bool ended = false;
        return (buffer, at, count) =>
        {
            Assert.True(count > 0, "a read into no room would look like the end of the body");
            Assert.False(ended, "read again after the body ended");
            int n = Math.Min(Math.Min(count, nextRead()), body.Length - offset);
            Array.Copy(body, offset, buffer, at, n);
            offset += n;
            ended = n == 0;
            return n;
        };
    }
}
