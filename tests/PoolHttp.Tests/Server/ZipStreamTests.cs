using System.Diagnostics;
using System.IO.Compression;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Server.Handlers;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

/// <summary>
/// The zip of a folder written to a stream that cannot seek, as it goes to a socket: past 4 GiB it needs ZIP64, and
/// the memory it takes must not grow with the data.
/// </summary>
public class ZipStreamTests
{
    /// <summary>A write-only stream without seeking, over a file: what the connection's chunked body looks like to ZipArchive.</summary>
    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Fact]
    public void A_file_past_4_GiB_streams_as_ZIP64_with_flat_memory_and_unpacks_whole()
    {
        const long Big = (4L << 30) + 123_457; // past 4 GiB, sparse: the disk holds almost nothing of it
        using var root = new TempRoot();
        root.Write("before.txt", "first entry\n");
        using (var big = File.Create(root.File("huge.bin")))
        {
            big.SetLength(Big - 1);
            big.Seek(Big - 1, SeekOrigin.Begin);
            big.WriteByte(0x5A);
        }
        root.Write("zz after.txt", "an entry whose offset is past 4 GiB\n");
        string zipPath = Path.Combine(Path.GetTempPath(), $"poolhttp-zip64-{Environment.ProcessId}.zip");
        try
        {
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            using (var file = File.Create(zipPath))
            {
                ZipHandler.Write(new FileStore(root.Path), root.Path, new ForwardOnly(file));
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            Assert.True(allocated < 32L << 20, $"zipping 4 GiB allocated {allocated:N0} bytes");

            using var zip = ZipFile.OpenRead(zipPath);
            Assert.Equal(new[] { "before.txt", "huge.bin", "zz after.txt" }, zip.Entries.Select(e => e.FullName).ToArray());
            var huge = zip.GetEntry("huge.bin")!;
            Assert.Equal(Big, huge.Length);
            using (var s = huge.Open())
            {
                var buffer = new byte[1 << 20];
                long total = 0;
                int last = -1, n;
                while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += n;
                    last = buffer[n - 1];
                }
                Assert.Equal(Big, total);
                Assert.Equal(0x5A, last);
            }
            using (var after = new StreamReader(zip.GetEntry("zz after.txt")!.Open()))
                Assert.Equal("an entry whose offset is past 4 GiB\n", after.ReadToEnd());

            // Info-ZIP's unzip, the reader most people have, checks every CRC and the ZIP64 records too.
            using var unzip = Process.Start(new ProcessStartInfo("unzip", ["-tq", zipPath]) { RedirectStandardOutput = true })!;
            string said = unzip.StandardOutput.ReadToEnd();
            unzip.WaitForExit();
            Assert.True(unzip.ExitCode == 0, said);
        }
        finally
        {
            File.Delete(zipPath);
        }
    }
}
