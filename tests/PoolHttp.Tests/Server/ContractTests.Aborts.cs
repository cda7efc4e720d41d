using System.Text;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    public enum Cut { AfterHead, MidBody, OneByteShort, ChunkedMidChunk, ChunkedWithoutLastChunk, MultipartMidPart }

    public enum Ending { Disconnect, Reset, Stall }

    public static TheoryData<Cut, Ending> Cuts()
    {
        var data = new TheoryData<Cut, Ending>();
        foreach (var cut in Enum.GetValues<Cut>())
        {
            foreach (var ending in Enum.GetValues<Ending>()) data.Add(cut, ending);
        }
        return data;
    }

    /// <summary>The bytes a client sends before it stops: a request for <paramref name="body"/> cut at <paramref name="cut"/>.</summary>
    private static byte[] CutRequest(string target, byte[] body, Cut cut)
    {
        byte[] head = Encoding.ASCII.GetBytes($"PUT {target} HTTP/1.1\r\nHost: t\r\nContent-Length: {body.Length}\r\n\r\n");
        byte[] chunkedHead = Encoding.ASCII.GetBytes($"PUT {target} HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
        return cut switch
        {
            Cut.AfterHead => head,
            Cut.MidBody => Concat(head, body.AsSpan(0, body.Length / 2).ToArray()),
            Cut.OneByteShort => Concat(head, body.AsSpan(0, body.Length - 1).ToArray()),
            Cut.ChunkedMidChunk => Concat(chunkedHead, Chunked(body, 64 * 1024, last: false).AsSpan(0, 100_000).ToArray()),
            Cut.ChunkedWithoutLastChunk => Concat(chunkedHead, Chunked(body, 64 * 1024, last: false)),
            Cut.MultipartMidPart => PostMultipart(target[..(target.LastIndexOf('/') + 1)],
                Multipart(("file", target[(target.LastIndexOf('/') + 1)..], body))).AsSpan(0, 150_000).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(cut)),
        };
    }

    [Theory, MemberData(nameof(Cuts))]
    public void An_upload_cut_off_leaves_no_file_no_temp_file_and_the_old_version_intact(Cut cut, Ending ending)
    {
        using var s = StartServer(configure: o => o with { BodyTimeout = ShortTimeout });
        var old = Bytes(50_000, 40);
        s.Root.Write("up/existing.bin", old);
        var before = s.Root.Snapshot();
        var body = Bytes(300_000, 41);
        var baseline = Settled(s);

        foreach (var target in new[] { "/up/existing.bin", "/up/new.bin" })
        {
            using var c = s.Connect();
            c.Write(CutRequest(target, body, cut));
            switch (ending)
            {
                case Ending.Disconnect: c.Dispose(); break;
                case Ending.Reset: c.Abort(); break;
                case Ending.Stall:
                    var rest = c.ReadToClose(); // the server gives up after the body timeout
                    Assert.DoesNotContain("HTTP/1.1 2", Encoding.ASCII.GetString(rest), StringComparison.Ordinal);
                    break;
            }
        }

        WaitForStats(s, st => st.Failed >= baseline.Failed + 2 && st.Active == 0, "both cut-off uploads to end as failed");
        Assert.Equal(before, s.Root.Snapshot());
        Assert.Equal(old, s.Root.Read("up/existing.bin"));
        AssertNoTempFiles(s);

        // The server is still healthy afterwards, and the same name can be uploaded whole.
        Assert.Equal(204, s.Send(ReqBytes("PUT", "/up/existing.bin", body)).Status);
        Assert.Equal(body, s.Root.Read("up/existing.bin"));
    }

    [Fact]
    public void A_chunked_upload_with_a_malformed_chunk_is_400_and_leaves_nothing()
    {
        using var s = StartServer();
        s.Root.Write("f.txt", "old");
        using var c = s.Connect();
        c.Write("PUT /f.txt HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n");
        var r = c.ReadResponse();
        AssertProblem(r, 400);
        Assert.True(r.Closes);
        Assert.Equal("old", Encoding.UTF8.GetString(s.Root.Read("f.txt")));
        WaitFor(() => s.Root.TempFiles().Count == 0, "the partial upload to be discarded");
    }
}
