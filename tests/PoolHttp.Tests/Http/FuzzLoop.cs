using System.Diagnostics;
using System.Globalization;

namespace PoolHttp.Tests.Http;

/// <summary>
/// The seeded fuzz loop. Case i runs on <c>new Random(seed + i)</c>, from generating its input to the split points the
/// property chooses, so the case seed printed with a failure reproduces it alone (as the seed, with one case). CI runs
/// a fixed-seed sample; <c>POOLHTTP_FUZZ_CASES</c> and <c>POOLHTTP_FUZZ_SEED</c> raise or move it, and
/// <c>POOLHTTP_FUZZ_REPORT</c> names a file that each run appends its summary to (bench/fuzz.sh).
/// </summary>
public static class FuzzLoop
{
    public const string CasesVariable = "POOLHTTP_FUZZ_CASES";
    public const string SeedVariable = "POOLHTTP_FUZZ_SEED";
    public const string ReportVariable = "POOLHTTP_FUZZ_REPORT";
    public const int DefaultSeed = 1313;

    // A failing input is printed nearly whole to paste into a test; the slowest only to show its shape (its seed gives it whole).
    private const int FailureChars = 4000;
    private const int SlowestChars = 240;
    internal const int SlowCandidates = 8;
    internal const int Reruns = 10;

    /// <summary>Runs <paramref name="defaultCases"/> cases (or the environment's count and seed) and reports.</summary>
    public static FuzzReport Run<T>(string target, long defaultCases, Func<Random, T> generate, Func<T, int, string> describe,
        Func<T, Random, string> check)
        where T : class
    {
        long cases = Setting(CasesVariable, defaultCases);
        int seed = (int)Setting(SeedVariable, DefaultSeed);
        var report = Run(target, cases, seed, generate, describe, check);
        string? path = Environment.GetEnvironmentVariable(ReportVariable);
        if (!string.IsNullOrEmpty(path)) File.AppendAllText(path, report + Environment.NewLine);
        return report;
    }

    /// <summary>
    /// Runs <paramref name="cases"/> cases from <paramref name="seed"/>. <paramref name="describe"/> prints an input in at
    /// most about so many chars; <paramref name="check"/> returns a label of the outcome (counted, to show what the inputs
    /// reached) and throws when a property does not hold.
    /// </summary>
    public static FuzzReport Run<T>(string target, long cases, int seed, Func<Random, T> generate, Func<T, int, string> describe,
        Func<T, Random, string> check)
        where T : class
    {
        var outcomes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var failures = new List<FuzzCase>();
        long failed = 0;
        // The first cases pay for JIT compilation; the slowest inputs are looked for after them.
        long warmUp = Math.Min(1000, cases / 10);
        var slowest = new List<(TimeSpan Time, int Seed)>();
        long started = Stopwatch.GetTimestamp();
        for (long i = 0; i < cases; i++)
        {
            int caseSeed = unchecked(seed + (int)i);
            T? input = null;
            TimeSpan time;
            try
            {
                var rng = new Random(caseSeed);
                input = generate(rng);
                long caseStarted = Stopwatch.GetTimestamp();
                string outcome = check(input, rng);
                time = Stopwatch.GetElapsedTime(caseStarted);
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
            catch (Exception e)
            {
                if (++failed <= 10) failures.Add(new FuzzCase(caseSeed, Describe(input, describe), e.GetType().Name + ": " + e.Message, default));
                continue;
            }
            if (i >= warmUp) KeepIfSlow(slowest, time, caseSeed);
        }
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new FuzzReport(target, seed, cases, seconds, failed, failures, outcomes, Slowest(slowest, generate, describe, check));
    }

    private static void KeepIfSlow(List<(TimeSpan Time, int Seed)> slowest, TimeSpan time, int seed)
    {
        if (slowest.Count == SlowCandidates && time <= slowest[^1].Time) return;
        if (slowest.Count == SlowCandidates) slowest.RemoveAt(slowest.Count - 1);
        int at = slowest.FindIndex(s => s.Time < time);
        slowest.Insert(at < 0 ? slowest.Count : at, (time, seed));
    }

    /// <summary>
    /// A single timing on a shared machine is mostly scheduling and garbage collection: each candidate is run again a few
    /// times and judged by its fastest run.
    /// </summary>
    private static FuzzCase? Slowest<T>(List<(TimeSpan Time, int Seed)> candidates, Func<Random, T> generate,
        Func<T, int, string> describe, Func<T, Random, string> check)
        where T : class
    {
        FuzzCase? slowest = null;
        foreach (var (_, seed) in candidates)
        {
            var fastest = TimeSpan.MaxValue;
            for (int run = 0; run < Reruns; run++)
            {
                var rng = new Random(seed);
                T input = generate(rng);
                long started = Stopwatch.GetTimestamp();
                check(input, rng);
                var time = Stopwatch.GetElapsedTime(started);
                if (time < fastest) fastest = time;
            }
            if (slowest is null || fastest > slowest.Time)
                slowest = new FuzzCase(seed, describe(generate(new Random(seed)), SlowestChars), null, fastest);
        }
        return slowest;
    }

    private static string Describe<T>(T? input, Func<T, int, string> describe) where T : class =>
        input is null ? "(the input could not be generated)" : describe(input, FailureChars);

    private static long Setting(string name, long fallback)
    {
        string? text = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(text) ? fallback : long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }
}
