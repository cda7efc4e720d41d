using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Stress;
using PoolHttp.Engine.Workers;

namespace PoolHttp.Tests.Hosting;

/// <summary>The one command-line codec of the child processes, and the two children written and read with it.</summary>
public class ChildArgumentsTests
{
    public static TheoryData<string> HostileValues => new()
    {
        "", " ", "plain", "with space", "a=b=c", "--x=y", "quote ' \" `", "line\nbreak\r\n", "Ünïcødé ✓", "/tmp/%2e/.dot",
    };

    [Theory, MemberData(nameof(HostileValues))]
    public void A_value_comes_back_as_it_was_written(string value)
    {
        var args = new ChildArguments("verb").Add("k", value).Add("n", -42L).Add("f", true).ToArgs();

        var parsed = ChildArguments.Parse(args, "verb");

        Assert.Equal(value, parsed.Text("k"));
        Assert.Equal(-42L, parsed.Long("n"));
        Assert.True(parsed.Flag("f"));
        Assert.Equal(args, parsed.ToArgs());
    }

    [Fact]
    public void The_verb_comes_first_and_each_pair_is_one_argument()
    {
        var args = new ChildArguments("worker").Add("root", "/a b").Add("id", 3L).Add("log", false).Add("user", (string?)null).ToArgs();

        Assert.Equal(new[] { "worker", "--root=/a b", "--id=3", "--log=0", "--user=" }, args);
    }

    [Fact]
    public void A_missing_or_empty_optional_text_is_null_and_a_missing_flag_is_false()
    {
        var parsed = ChildArguments.Parse(new[] { "v", "--empty=" }, "v");

        Assert.Null(parsed.OptionalText("empty"));
        Assert.Null(parsed.OptionalText("absent"));
        Assert.False(parsed.Flag("absent"));
        Assert.Equal("", parsed.Text("empty"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("other|--a=1")]
    [InlineData("v|a=1")]
    [InlineData("v|--a")]
    [InlineData("v|--=1")]
    public void Anything_but_the_verb_and_key_value_pairs_is_refused(string joined)
    {
        string[] args = joined.Length == 0 ? [] : joined.Split('|');

        Assert.Throws<FormatException>(() => ChildArguments.Parse(args, "v"));
    }

    [Fact]
    public void A_missing_key_or_a_number_that_is_not_one_names_the_verb_and_the_key()
    {
        var parsed = ChildArguments.Parse(new[] { "worker", "--id=x" }, "worker");

        Assert.Equal("Missing worker argument --root.", Assert.Throws<FormatException>(() => parsed.Text("root")).Message);
        Assert.Contains("--id", Assert.Throws<FormatException>(() => parsed.Long("id")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Worker_arguments_round_trip()
    {
        var options = new ServerOptions
        {
            Root = "/srv/a b\n%2e",
            Mode = ServerMode.Process,
            Workers = 7,
            ReadOnly = true,
            MaxUploadSize = 12345,
            HeaderTimeout = TimeSpan.FromMilliseconds(1500),
            BodyTimeout = TimeSpan.FromSeconds(31),
            KeepAliveTimeout = TimeSpan.FromSeconds(6),
            StopTimeout = TimeSpan.FromSeconds(11),
            AnonymousRead = true,
        };
        var args = new WorkerArguments(17, 3, 7, "/dev/shm/x y.counters", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), options)
        {
            AccessLog = true,
        };

        Assert.Equal(args, WorkerChild.Parse(WorkerChild.ToArgs(args)));
        var unlimited = args with { Options = options with { MaxUploadSize = null, ReadOnly = false, AnonymousRead = false }, AccessLog = false };
        Assert.Equal(unlimited, WorkerChild.Parse(WorkerChild.ToArgs(unlimited)));
    }

    [Fact]
    public void Stress_client_arguments_round_trip_with_every_field()
    {
        var a = new StressClientArguments(StressOperation.Upload, new Uri("https://127.0.0.1:5/a%20b/c.bin"), "/tmp/x \n y", TimeSpan.FromSeconds(9))
        {
            SkipCertificateCheck = true,
            CaCertificatePath = "/etc/ca b.pem",
            User = "anna=1",
            AllowUnencryptedAuthentication = true,
        };

        Assert.Equal(a, StressClientArguments.Parse(a.ToArgs()));
    }

    [Fact]
    public async Task A_worker_with_arguments_it_does_not_understand_says_so_on_its_error_stream()
    {
        var errors = new StringWriter();

        int code = await WorkerChild.RunAsync(new[] { WorkerChild.Verb, "--id=1" }, new StringReader(""), new StringWriter(), errors);

        Assert.Equal(WorkerChild.BadArguments, code);
        Assert.Contains("worker: Missing worker argument", errors.ToString(), StringComparison.Ordinal);
    }
}
