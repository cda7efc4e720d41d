using System.Management.Automation;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Hosted;

public sealed class ProgressRecordTests
{
    [Fact]
    public void Each_progress_record_of_a_transfer_is_an_object_of_its_own_with_the_state_of_its_moment()
    {
        using var session = new HostedSession();
        using var server = new GatedServer();
        using var local = new TempRoot();
        using var ps = session.Create();
        ps.AddCommand("Get-PoolFile").AddParameter("Uri", server.Uri("/big.bin")).AddParameter("OutFile", local.File("big.bin"));
        // The second half of the body waits until the transfer in the middle has been shown twice.
        ps.Streams.Progress.DataAdded += (_, _) =>
        {
            if (ps.Streams.Progress.Count(InTheMiddle) >= 2) server.Open();
        };

        var output = ps.Invoke();

        Assert.Empty(ps.Streams.Error);
        Assert.Single(output);
        var records = ps.Streams.Progress.ToList();
        Assert.True(records.Count >= 3, $"{records.Count} progress records");
        Assert.Equal(records.Count, records.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.All(records[..^1], r => Assert.Equal(ProgressRecordType.Processing, r.RecordType));
        Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
        var middle = records.Where(InTheMiddle).ToList();
        Assert.True(middle.Count >= 2, $"{middle.Count} records in the middle");
        Assert.All(middle, r => Assert.StartsWith("32.0 KiB of 64.0 KiB (50%)", r.StatusDescription, StringComparison.Ordinal));
    }

    // Before the answer comes (a slow start) a record says only how far it got: those are not the middle.
    private static bool InTheMiddle(ProgressRecord r) => r.RecordType == ProgressRecordType.Processing && r.PercentComplete == 50;
}
