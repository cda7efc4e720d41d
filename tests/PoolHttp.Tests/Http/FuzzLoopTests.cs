namespace PoolHttp.Tests.Http;

/// <summary>The fuzz harness itself: its cases are reproducible from the seed it prints, and failures are reported, not lost.</summary>
public class FuzzLoopTests
{
    private static readonly ByteMutator Mutator = new(ByteMutator.Latin1("GET / HTTP/1.1\r\nHost: h\r\n\r\n", "5\r\nhello\r\n0\r\n\r\n"),
        ByteMutator.Latin1("\r\n", "FFFFFFFFFFFFFFF"), maxLength: 1024);

    [Fact]
    public void Same_seed_gives_the_same_inputs_and_another_seed_other_inputs()
    {
        static string Inputs(int seed) => string.Join("\n", Enumerable.Range(seed, 200).Select(s => CSharpLiteral.Of(Mutator.Next(new Random(s)), 1024)));

        Assert.Equal(Inputs(7), Inputs(7));
        Assert.NotEqual(Inputs(7), Inputs(8));
    }

    [Fact]
    public void Failing_case_is_reported_with_a_seed_that_fails_again_alone()
    {
        static string Check(byte[] input, Random rng) =>
            input.Contains((byte)0) ? throw new InvalidOperationException("a NUL byte") : "fine";

        var report = FuzzLoop.Run("harness", 2000, 99, Mutator.Next, CSharpLiteral.Of, Check);

        Assert.InRange(report.Failed, 1, report.Cases - 1);
        Assert.Equal(report.Cases - report.Failed, report.Outcomes["fine"]);
        var first = report.Failures[0];
        Assert.Equal("InvalidOperationException: a NUL byte", first.Error);
        Assert.Contains("\\u0000", first.Input, StringComparison.Ordinal);
        var again = FuzzLoop.Run("harness", 1, first.Seed, Mutator.Next, CSharpLiteral.Of, Check);
        Assert.Equal(first, Assert.Single(again.Failures));
        Assert.Contains($"POOLHTTP_FUZZ_SEED={first.Seed} POOLHTTP_FUZZ_CASES=1", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Literal_escapes_line_breaks_quotes_and_bytes_outside_printable_ASCII()
    {
        byte[] bytes = [(byte)'a', (byte)'"', (byte)'\\', (byte)'\r', (byte)'\n', (byte)'\t', 0, 0x7F, 0xE9];
        Assert.Equal("\"a\\\"\\\\\\r\\n\\t\\u0000\\u007f\\u00e9\"", CSharpLiteral.Of(bytes, 100));
        Assert.Equal("\"ab\" + /* 6 of 10 bytes left out */ \"ij\"", CSharpLiteral.Of("abcdefghij"u8.ToArray(), 4));
    }
}
