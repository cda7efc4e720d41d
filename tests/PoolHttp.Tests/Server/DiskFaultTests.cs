using System.Globalization;
using System.Text;
using System.Text.Json;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

/// <summary>
/// The contract's "write refused by the disk (full, read-only): 507 or 500, nothing partial left" on a real file
/// system that fills up or is read-only (a small tmpfs, see <see cref="TmpfsServer"/>), in both server modes:
/// the answer on the wire, nothing partial on disk, the old version intact, and the server serving afterwards.
/// </summary>
public sealed class DiskFaultTests
{
    private const long DiskSize = 2L << 20;
    private const int TooBig = 4 << 20;
    private static readonly byte[] OldBytes = Bytes(64 * 1024, seed: 1);

    [Theory]
    [InlineData(ServerMode.Thread)]
    [InlineData(ServerMode.Process)]
    public void A_put_that_does_not_fit_is_507_and_leaves_neither_the_file_nor_a_temp_file(ServerMode mode)
    {
        using var s = StartFull(mode);
        var before = s.Snapshot();

        AssertProblem(Send(s.Port, Put("/new.bin", Bytes(TooBig, seed: 2))), 507);
        AssertProblem(Send(s.Port, PutChunked("/new.bin", Bytes(TooBig, seed: 3))), 507);

        Assert.Empty(s.HiddenEntries());
        Assert.Equal(before, s.Snapshot());
        AssertKeepsServingAndHasSpaceAgain(s);
    }

    [Theory]
    [InlineData(ServerMode.Thread)]
    [InlineData(ServerMode.Process)]
    public void A_replacing_put_that_does_not_fit_is_507_and_keeps_the_old_version_byte_for_byte(ServerMode mode)
    {
        using var s = StartFull(mode);
        var before = s.Snapshot();

        AssertProblem(Send(s.Port, Put("/old.bin", Bytes(TooBig, seed: 4))), 507);
        AssertProblem(Send(s.Port, PutChunked("/old.bin", Bytes(TooBig, seed: 5))), 507);

        Assert.Equal(OldBytes, s.Read("old.bin"));
        Assert.Empty(s.HiddenEntries());
        Assert.Equal(before, s.Snapshot());
        AssertKeepsServingAndHasSpaceAgain(s);
    }

    [Theory]
    [InlineData(ServerMode.Thread)]
    [InlineData(ServerMode.Process)]
    public void A_multipart_post_that_does_not_fit_is_507_and_stores_nothing(ServerMode mode)
    {
        using var s = StartFull(mode);
        var before = s.Snapshot();

        AssertProblem(Send(s.Port, Multipart("/", ("small.txt", Bytes(1000, seed: 6)), ("big.bin", Bytes(TooBig, seed: 7)))), 507);
        AssertProblem(Send(s.Port, Multipart("/", ("old.bin", Bytes(TooBig, seed: 8)))), 507);

        Assert.Equal(OldBytes, s.Read("old.bin"));
        Assert.Empty(s.HiddenEntries());
        Assert.Equal(before, s.Snapshot());
        AssertKeepsServingAndHasSpaceAgain(s);
    }

    [Theory]
    [InlineData(ServerMode.Thread)]
    [InlineData(ServerMode.Process)]
    public void Uploads_to_a_read_only_disk_are_the_disk_s_refusal_and_change_nothing(ServerMode mode)
    {
        using var s = StartReadOnly(mode);
        var before = s.Snapshot();

        AssertDiskRefusal(Send(s.Port, Put("/new.bin", Bytes(1000, seed: 9))));
        AssertDiskRefusal(Send(s.Port, Put("/old.bin", Bytes(1000, seed: 10))));
        AssertDiskRefusal(Send(s.Port, PutChunked("/d/f.txt", Bytes(1000, seed: 11))));
        AssertDiskRefusal(Send(s.Port, Put("/new/folder/x.bin", Bytes(1000, seed: 12))));
        AssertDiskRefusal(Send(s.Port, Multipart("/d/", ("m.bin", Bytes(1000, seed: 13)))));

        Assert.Equal(before, s.Snapshot());
        AssertServes(s.Port, "/old.bin", OldBytes);
    }

    [Theory]
    [InlineData(ServerMode.Thread)]
    [InlineData(ServerMode.Process)]
    public void A_delete_on_a_read_only_disk_is_the_disk_s_refusal_not_a_conflict(ServerMode mode)
    {
        using var s = StartReadOnly(mode);
        var before = s.Snapshot();

        AssertDiskRefusal(Send(s.Port, Request("DELETE", "/old.bin")));
        AssertDiskRefusal(Send(s.Port, Request("DELETE", "/d/f.txt")));
        AssertDiskRefusal(Send(s.Port, Request("DELETE", "/empty")));
        AssertDiskRefusal(Send(s.Port, Request("DELETE", "/empty/")));
        AssertDiskRefusal(Send(s.Port, Request("DELETE", "/d?recursive=true")));
        AssertProblem(Send(s.Port, Request("DELETE", "/d/")), 409); // a non-empty folder is still the request's fault

        Assert.Equal(before, s.Snapshot());
        AssertServes(s.Port, "/old.bin", OldBytes);
    }

    private static TmpfsServer StartFull(ServerMode mode) =>
        TmpfsServer.Start(mode, DiskSize, readOnly: false, root => root.Write("old.bin", OldBytes));

    private static TmpfsServer StartReadOnly(ServerMode mode) => TmpfsServer.Start(mode, DiskSize, readOnly: true, root =>
    {
        root.Write("old.bin", OldBytes);
        root.Write("d/f.txt", "f");
        Directory.CreateDirectory(root.File("empty"));
    });

    /// <summary>After a full disk refused an upload: reads still work, and the space the upload took was given back.</summary>
    private static void AssertKeepsServingAndHasSpaceAgain(TmpfsServer s)
    {
        AssertServes(s.Port, "/old.bin", OldBytes);
        byte[] fits = Bytes((int)(DiskSize / 2), seed: 20);
        Assert.Equal(201, Send(s.Port, Put("/fits.bin", fits)).Status);
        Assert.Equal(fits, s.Read("fits.bin"));
        Assert.Empty(s.HiddenEntries());
    }

    private static void AssertServes(int port, string path, byte[] expected)
    {
        var r = Send(port, Request("GET", path));
        Assert.Equal(200, r.Status);
        Assert.Equal(expected, r.Body);
    }

    /// <summary>The disk's refusal: a server error (500, or 507 for no space), never a 4xx that blames the request.</summary>
    private static void AssertDiskRefusal(RawResponse r)
    {
        Assert.True(r.Status is 500 or 507, $"expected 500 or 507, got {r.Status}: {r.Text}");
        AssertProblem(r, r.Status);
    }

    private static void AssertProblem(RawResponse r, int status)
    {
        Assert.True(r.Status == status, $"expected {status}, got {r.Status}: {r.Text}");
        Assert.Equal("application/problem+json", r.Header("Content-Type"));
        using var doc = JsonDocument.Parse(r.Body);
        Assert.Equal(status, doc.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("detail").GetString()));
    }

    /// <summary>
    /// One request on a fresh connection. The body is written beside the reading: a server refusing early answers
    /// before it has read everything, and then stops reading.
    /// </summary>
    private static RawResponse Send(int port, byte[] request)
    {
        using var c = new RawHttp(port);
        var sending = Task.Run(() => c.TryWrite(request));
        var response = c.ReadResponse();
        c.EndSending();
        Assert.True(sending.Wait(TimeSpan.FromMilliseconds(RawHttp.ReceiveTimeoutMs)), "the request body never finished sending");
        return response;
    }

    private static byte[] Request(string method, string target, string? headers = null, byte[]? body = null) => Concat(
        Encoding.UTF8.GetBytes($"{method} {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n{headers}\r\n"),
        body ?? Array.Empty<byte>());

    private static byte[] Put(string target, byte[] body) =>
        Request("PUT", target, $"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n", body);

    /// <summary>A chunked PUT: no length known beforehand, so the disk fills up part-way through the body.</summary>
    private static byte[] PutChunked(string target, byte[] body)
    {
        using var ms = new MemoryStream();
        for (int i = 0; i < body.Length; i += 64 * 1024)
        {
            int n = Math.Min(64 * 1024, body.Length - i);
            ms.Write(Encoding.ASCII.GetBytes(n.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
            ms.Write(body, i, n);
            ms.Write("\r\n"u8);
        }
        ms.Write("0\r\n\r\n"u8);
        return Request("PUT", target, "Transfer-Encoding: chunked\r\n", ms.ToArray());
    }

    private static byte[] Multipart(string target, params (string Name, byte[] Data)[] files)
    {
        const string boundary = "disk-fault-boundary";
        using var ms = new MemoryStream();
        foreach (var (name, data) in files)
        {
            ms.Write(Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"{name}\"\r\n" +
                "Content-Type: application/octet-stream\r\n\r\n"));
            ms.Write(data);
            ms.Write("\r\n"u8);
        }
        ms.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        byte[] body = ms.ToArray();
        return Request("POST", target, $"Content-Type: multipart/form-data; boundary={boundary}\r\n" +
            $"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n", body);
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
