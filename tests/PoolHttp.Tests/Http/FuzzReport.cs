using System.Globalization;
using System.Text;

namespace PoolHttp.Tests.Http;

/// <summary>What one fuzz run did: how many cases, how fast, what they reached, the slowest input and the failures.</summary>
public sealed record FuzzReport(string Target, int Seed, long Cases, double Seconds, long Failed,
    IReadOnlyList<FuzzCase> Failures, IReadOnlyDictionary<string, long> Outcomes, FuzzCase? Slowest)
{
    /// <summary>A few lines for a person: the figures, then each kept failure with the seed that reproduces it.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        double rate = Seconds > 0 ? Cases / Seconds : 0;
        text.Append(CultureInfo.InvariantCulture,
            $"{Target}: {Cases} cases from seed {Seed} in {Seconds:0.0} s ({rate:0} cases/s), {Failed} failed\n");
        text.Append("  outcomes: ").AppendJoin(", ", Outcomes.Select(o => $"{o.Key} {o.Value}")).Append('\n');
        if (Slowest is not null)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  slowest: {Slowest.Time.TotalMilliseconds:0.000} ms for its whole check (the fastest of {FuzzLoop.Reruns} reruns, the most of the {FuzzLoop.SlowCandidates} slowest cases), {Rerun(Slowest.Seed)}: {Slowest.Input}\n");
        }
        foreach (var failure in Failures)
        {
            text.Append(CultureInfo.InvariantCulture, $"  FAILED, {Rerun(failure.Seed)}: {failure.Error}\n");
            text.Append("    input: ").Append(failure.Input).Append('\n');
        }
        if (Failed > Failures.Count) text.Append(CultureInfo.InvariantCulture, $"  ... and {Failed - Failures.Count} more failures\n");
        return text.ToString().TrimEnd('\n');
    }

    private static string Rerun(int caseSeed) =>
        $"case seed {caseSeed} ({FuzzLoop.SeedVariable}={caseSeed} {FuzzLoop.CasesVariable}=1)";
}
