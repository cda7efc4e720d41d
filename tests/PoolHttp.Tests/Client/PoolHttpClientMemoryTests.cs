using PoolHttp.Engine.Client;
using PoolHttp.Tests.Support;
using Xunit.Abstractions;
using static PoolHttp.Tests.Client.ClientTestData;

namespace PoolHttp.Tests.Client;

/// <summary>Runs alone (see <see cref="MemoryCollection"/>): the process-wide GC figures it reads belong to its own transfers.</summary>
[Collection(nameof(MemoryCollection))]
public class PoolHttpClientMemoryTests
{
    private const long OneGiB = 1L << 30;
    private const long Bound = 64L << 20;

    private readonly ITestOutputHelper _output;

    public PoolHttpClientMemoryTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_one_GiB_upload_and_downloads_keep_managed_memory_flat()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        string source = Sparse(local.File("sparse 1g.bin"), OneGiB);
        Sparse(server.Root.File("served 1g.bin"), OneGiB);
        using var client = new PoolHttpClient();
        await client.DownloadToHashAsync(server.Uri("/.poolhttp/health")); // warm up: JIT, the first connection

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long baseline = GC.GetTotalMemory(forceFullCollection: false);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long peak = baseline;
        using (new Timer(_ => InterlockedMax(ref peak, GC.GetTotalMemory(false)), null, 0, 5))
        {
            var up = await client.UploadAsync(new UploadOptions(source, server.Uri("/up/")) { ComputeSha256 = true });
            var down = await client.DownloadAsync(new DownloadOptions(server.Uri("/served 1g.bin"), local.File("copy.bin")));
            var hashed = await client.DownloadToHashAsync(server.Uri("/up/sparse 1g.bin"));

            Assert.Equal((OneGiB, OneGiB, OneGiB), (up.Length, down.Length, hashed.Length));
            Assert.Equal(up.Sha256, hashed.Sha256);
            Assert.Equal(OneGiB, new FileInfo(local.File("copy.bin")).Length);
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long growth = Interlocked.Read(ref peak) - baseline;
        _output.WriteLine($"3 GiB moved (1 GiB up, 1 GiB down to a file, 1 GiB down to a hash): " +
            $"peak managed heap growth {TransferCounter.FormatBytes(growth)}, allocated {TransferCounter.FormatBytes(allocated)} in all.");

        Assert.InRange(growth, long.MinValue, Bound);
        Assert.InRange(allocated, 0, Bound);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
