using System.Text;
using PoolHttp.Engine.Http;

namespace PoolHttp.Tests.Http;

public class MultipartReaderTests
{
    private const string Boundary = "----PoolBoundary7MA4YWxkTrZu0gW";
    private static readonly string NearMiss = "\r\n--" + Boundary[..^1];

    public static TheoryData<int> ReadSizes => new() { 1, 2, 3, 7, 64, 4096, 1 << 20 };

    /// <summary>A body with a preamble, fields and files with awkward names and data, and an epilogue.</summary>
    private static readonly (string Headers, string Data)[] Parts =
    {
        ("Content-Disposition: form-data; name=\"title\"", "Hello"),
        ("Content-Disposition: form-data; name=\"file1\"; filename=\"a.txt\"\r\nContent-Type: text/plain", "x" + NearMiss + "y\r\n--\r\n" + NearMiss),
        ("Content-Disposition: form-data; name=\"f2\"; filename*=UTF-8''%E2%82%AC%20rates.txt", "euro"),
        ("Content-Disposition: form-data; name=\"f3\"; filename=\"say \\\"hi\\\".txt\"", ""),
        ("Content-Disposition: form-data; name=\"f4\"; filename=\"C:\\Users\\me\\report.pdf\"", "%PDF\r"),
        ("content-disposition: form-data; name=\"f5\"; filename=\"caf\u00c3\u00a9.bin\"", "\r\n\r\n\r\n-"),
        ("Content-Disposition: form-data; name=\"note; filename=not-a-file.txt\"", "field with a quoted ;"),
    };

    private static readonly (string Name, string Data)[] Expected =
    {
        ("", "Hello"),
        ("a.txt", "x" + NearMiss + "y\r\n--\r\n" + NearMiss),
        ("\u20ac rates.txt", "euro"),
        ("say \"hi\".txt", ""),
        ("C:\\Users\\me\\report.pdf", "%PDF\r"),
        ("caf\u00e9.bin", "\r\n\r\n\r\n-"),
        ("", "field with a quoted ;"),
    };

    [Theory, MemberData(nameof(ReadSizes))]
    public void Parts_read_the_same_whatever_the_read_size(int readSize)
    {
        string body = "This is the preamble; --" + Boundary[..5] + "\r\n" +
            string.Concat(Parts.Select(p => $"--{Boundary}\r\n{p.Headers}\r\n\r\n{p.Data}\r\n")) +
            $"--{Boundary}--\r\nThis is the epilogue.\r\n--{Boundary}\r\n";
        Assert.Equal(Expected, ReadAll(Latin1(body), readSize));
    }

    [Theory, MemberData(nameof(ReadSizes))]
    public void Body_without_preamble_or_epilogue_reads_its_parts(int readSize)
    {
        string body = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a.bin\"\r\n\r\n\r\n" +
            $"--{Boundary}\r\n\r\nno headers\r\n--{Boundary}--";
        Assert.Equal(new[] { ("a.bin", ""), ("", "no headers") }, ReadAll(Latin1(body), readSize));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void Large_binary_part_passes_through_unchanged(int readSize)
    {
        var data = new byte[200_000];
        new Random(42).NextBytes(data);
        byte[] body = [.. Latin1($"--{Boundary}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"r.bin\"\r\n\r\n"),
            .. data, .. Latin1($"\r\n--{Boundary}--\r\n")];
        var parts = ReadAll(body, readSize);
        Assert.Equal("r.bin", Assert.Single(parts).Name);
        Assert.Equal(Encoding.Latin1.GetString(data), parts[0].Data);
    }

    [Fact]
    public void Unread_part_data_is_skipped_by_the_next_part()
    {
        string body = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"; filename=\"skip.txt\"\r\n\r\n{new string('s', 100_000)}\r\n" +
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"b\"; filename=\"keep.txt\"\r\n\r\nkept\r\n--{Boundary}--\r\n";
        using var reader = new MultipartReader(Boundary, Reads(Latin1(body), 7));
        Assert.Equal("skip.txt", reader.NextPart());
        Assert.Equal("keep.txt", reader.NextPart());
        Assert.Equal("kept", Encoding.Latin1.GetString(reader.ReadData()));
        Assert.True(reader.ReadData().IsEmpty);
        Assert.Null(reader.NextPart());
        Assert.Null(reader.NextPart());
    }

    public static TheoryData<string> Truncated => new()
    {
        "",
        "preamble only\r\n",
        $"--{Boundary}",
        $"--{Boundary}-",
        $"--{Boundary}\r\n",
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n",
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ndata that never ends",
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ndata{NearMiss}",
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ndata\r\n--{Boundary}",
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ndata\r\n--{Boundary}\r\n",
    };

    [Theory, MemberData(nameof(Truncated))]
    public void Body_that_ends_before_the_closing_boundary_is_a_400(string body)
    {
        foreach (int readSize in new[] { 1, 2, 3, 7, 64, 4096 })
        {
            var e = Assert.Throws<HttpError>(() => ReadAll(Latin1(body), readSize));
            Assert.Equal(400, e.Status);
            Assert.True(e.CloseConnection);
        }
    }

    [Theory]
    [InlineData(15 * 1024, false)]
    [InlineData(17 * 1024, true)]
    public void Part_header_section_over_16_KiB_is_a_400_whatever_the_read_size(int padding, bool refused)
    {
        string body = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: {new string('p', padding)}\r\n\r\ndata\r\n--{Boundary}--";
        foreach (int readSize in new[] { 1, 7, 4096, 1 << 20 })
        {
            if (refused) Assert.Equal(400, Assert.Throws<HttpError>(() => ReadAll(Latin1(body), readSize)).Status);
            else Assert.Equal(new[] { ("", "data") }, ReadAll(Latin1(body), readSize));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void Missing_or_overlong_boundary_is_a_400(int length)
    {
        Assert.Equal(400, Assert.Throws<HttpError>(() => new MultipartReader(new string('b', length), (_, _, _) => 0)).Status);
    }

    [Theory]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename=\"a.txt\"", "a.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename=a.txt", "a.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; FILENAME=\"A.TXT\"", "A.TXT")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename=\"\"", "")]
    [InlineData("Content-Disposition: form-data; name=\"f\"", null)]
    [InlineData("Content-Type: text/plain", null)]
    [InlineData("Content-Disposition: form-data; name=\"x; filename=evil.txt\"", null)]
    [InlineData("Content-Disposition: form-data; name=\"a\\\"; filename=\\\"evil.txt\"", null)]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename=\"say \\\"hi\\\".txt\"", "say \"hi\".txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename=\"back\\\\slash.txt\"", "back\\slash.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename=\"C:\\Users\\me\\a.txt\"", "C:\\Users\\me\\a.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename=\"\\\\server\\share\\a.txt\"", "\\server\\share\\a.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''%E2%82%AC.txt; filename=\"fallback.txt\"", "\u20ac.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename=\"fallback.txt\"; filename*=utf-8''%E2%82%AC.txt", "\u20ac.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename*=UTF-8'en'%E2%82%AC.txt", "\u20ac.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename*=ISO-8859-1''%A3%20rates.txt", "\u00a3 rates.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''%FF.txt; filename=\"fallback.txt\"", "fallback.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename*=no-quotes; filename=\"fallback.txt\"", "fallback.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''a%2Fb.txt", "a/b.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''caf\u00e9.txt; filename=\"fallback.txt\"", "fallback.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''%E2%8; filename=\"fallback.txt\"", "fallback.txt")]
    [InlineData("Content-Disposition: form-data; name=\"f\"; filename*=KOI8-R''%C1.txt; filename=\"fallback.txt\"", "fallback.txt")]
    public void File_name_is_taken_from_content_disposition(string headers, string? expected)
    {
        Assert.Equal(expected, MultipartReader.FileNameOf("\r\nX-Before: 1\r\n" + headers + "\r\nX-After: 2"));
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>A read function over <paramref name="body"/> that returns at most <paramref name="readSize"/> bytes a call.</summary>
    private static Func<byte[], int, int, int> Reads(byte[] body, int readSize)
    {
        int offset = 0;
        return (buffer, at, count) =>
        {
            int n = Math.Min(Math.Min(count, readSize), body.Length - offset);
            Array.Copy(body, offset, buffer, at, n);
            offset += n;
            return n;
        };
    }

    private static List<(string Name, string Data)> ReadAll(byte[] body, int readSize)
    {
        using var reader = new MultipartReader(Boundary, Reads(body, readSize));
        var parts = new List<(string, string)>();
        string? name;
        while ((name = reader.NextPart()) is not null)
        {
            var data = new List<byte>();
            for (var span = reader.ReadData(); !span.IsEmpty; span = reader.ReadData()) data.AddRange(span.ToArray());
            parts.Add((name, Encoding.Latin1.GetString(data.ToArray())));
        }
        return parts;
    }
}
