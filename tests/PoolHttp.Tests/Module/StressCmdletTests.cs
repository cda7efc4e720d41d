using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Stress;

namespace PoolHttp.Tests.Module;

/// <summary>Invoke-PoolStressTest's parameters, validation and output, as CONTRACT sections 2 and 3 and the help describe them.</summary>
public class StressCmdletTests
{
    private static CompiledCmdlet Stress => CompiledModule.Cmdlets.Single(c => c.Name == "Invoke-PoolStressTest");

    [Fact]
    public void The_module_compiles_the_stress_cmdlet_as_an_Invoke_verb()
    {
        Assert.Equal(("Invoke", "PoolStressTest", "InvokePoolStressTestCommand"), (Stress.Verb, Stress.Noun, Stress.ClassName));
        Assert.False(Stress.SupportsShouldProcess);
    }

    [Fact]
    public void Parameters_mirror_the_stress_options_a_user_chooses()
    {
        // Not user-facing: where the scratch folder goes. The idle timeout is TimeoutSec, as on the client cmdlets.
        var mirrored = new Dictionary<string, string>
        {
            [nameof(StressOptions.Operations)] = "Operation",
            [nameof(StressOptions.FileSizes)] = "FileSize",
            [nameof(StressOptions.ClientWorkers)] = "ClientWorkers",
            [nameof(StressOptions.ServerWorkers)] = "ServerWorkers",
            [nameof(StressOptions.ClientMode)] = "ClientMode",
            [nameof(StressOptions.ServerMode)] = "ServerMode",
            [nameof(StressOptions.BaseUri)] = "Uri",
            [nameof(StressOptions.IdleTimeout)] = "TimeoutSec",
            [nameof(StressOptions.Repetitions)] = "Repetitions",
            [nameof(StressOptions.Tls)] = "Tls",
            [nameof(StressOptions.SkipCertificateCheck)] = "SkipCertificateCheck",
            [nameof(StressOptions.CaCertificatePath)] = "CaCertificate",
            [nameof(StressOptions.Credential)] = "Credential",
            [nameof(StressOptions.AllowUnencryptedAuthentication)] = "AllowUnencryptedAuthentication",
            [nameof(StressOptions.StartAt)] = "StartAt",
            [nameof(StressOptions.RowInterval)] = "RowIntervalSec",
        };
        // Not choices a user makes: where the scratch files go, and the hook -Verbose listens on.
        var options = typeof(StressOptions).GetProperties().Select(p => p.Name)
            .Where(n => n is not nameof(StressOptions.TempFolder) and not nameof(StressOptions.RowStarting));

        Assert.Equal(options.Order(StringComparer.Ordinal), mirrored.Keys.Order(StringComparer.Ordinal));
        // -PerClient is not an option of the run but of what the cmdlet writes: its rows or their clients.
        Assert.Equal(mirrored.Values.Append("PerClient").Order(StringComparer.Ordinal), Stress.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Operation", nameof(StressOperation) + "[]")]   // an enum: PowerShell completes and validates it
    [InlineData("FileSize", "Int64[]")]                         // so that 10MB and 1GB work
    [InlineData("ClientWorkers", "Int32[]")]
    [InlineData("ServerWorkers", "Int32[]")]
    [InlineData("ClientMode", nameof(StressClientMode))]
    [InlineData("ServerMode", nameof(ServerMode))]
    [InlineData("Uri", "Uri")]
    [InlineData("TimeoutSec", "Double")]
    [InlineData("Repetitions", "Int32")]
    [InlineData("StartAt", "DateTime")]
    [InlineData("RowIntervalSec", "Double")]
    [InlineData("PerClient", "SwitchParameter")]
    public void Parameters_are_typed_for_binding_and_completion(string name, string type) =>
        Assert.Equal(type, Stress.Parameter(name).TypeName);

    [Theory]
    [InlineData("FileSize")]
    [InlineData("ClientWorkers")]
    [InlineData("ServerWorkers")]
    [InlineData("TimeoutSec")]
    [InlineData("Repetitions")]
    [InlineData("RowIntervalSec")]
    public void Numbers_are_range_checked_when_bound(string name) =>
        Assert.Contains("ValidateRangeAttribute", Stress.Parameter(name).Attributes);

    [Theory]
    [InlineData("Operation")]
    [InlineData("FileSize")]
    [InlineData("ClientWorkers")]
    [InlineData("ServerWorkers")]
    public void Lists_cannot_be_empty(string name) =>
        Assert.Contains("ValidateNotNullOrEmptyAttribute", Stress.Parameter(name).Attributes);

    [Fact]
    public void An_existing_Uri_excludes_the_parameters_of_our_own_servers()
    {
        Assert.Equal("OwnServer", Stress.DefaultParameterSet);
        var uri = Stress.Parameter("Uri");
        Assert.True(uri.Mandatory);
        Assert.Equal(["Uri"], uri.Sets);
        Assert.Equal(["OwnServer"], Stress.Parameter("ServerWorkers").Sets);
        Assert.Equal(["OwnServer"], Stress.Parameter("ServerMode").Sets);
        string[] shared = ["Operation", "FileSize", "ClientWorkers", "ClientMode", "TimeoutSec", "Repetitions", "StartAt", "RowIntervalSec", "PerClient"];
        Assert.All(shared, name => Assert.Equal(["__AllParameterSets"], Stress.Parameter(name).Sets));
    }

    [Fact]
    public void Parameters_are_named_and_not_taken_from_the_pipeline()
    {
        Assert.All(Stress.Parameters, p => Assert.Equal(("named", "False"), (p.Position, p.PipelineInput)));
        Assert.All(Stress.Parameters.Where(p => p.Name != "Uri"), p => Assert.False(p.Mandatory, $"-{p.Name}"));
    }

    [Fact]
    public void Writes_stress_results_whose_properties_are_the_contracts_columns()
    {
        Assert.Equal([typeof(PoolStressResult).FullName!, typeof(PoolStressClientResult).FullName!], Stress.OutputTypes);
        Assert.True(Stress.WritesObjects);
        // What Export-Csv writes: the public properties, in order (CONTRACT section 2).
        string[] columns = ["Number", "Operation", "FileSizeBytes", "ClientWorkers", "ServerWorkers", "ClientMode", "ServerMode",
            "SecondsPerClient", "ThroughputPerClient", "ClientsSucceeded", "ClientsFailed", "ServerSucceeded", "ServerFailed",
            "SecondsP50", "SecondsP95", "SecondsMax", "AggregateThroughput", "WallSeconds"];
        Assert.Equal(columns, typeof(PoolStressResult).GetProperties().Where(p => p.GetMethod!.IsPublic).Select(p => p.Name));
    }

    [Fact]
    public void PerClient_writes_one_flat_record_per_client_transfer_that_remoting_carries_whole()
    {
        string[] columns = ["Number", "Operation", "FileSizeBytes", "ClientWorkers", "Client", "HostName", "StartUtc", "EndUtc",
            "Seconds", "Bytes", "Succeeded", "Error"];
        var properties = typeof(PoolStressClientResult).GetProperties();
        Assert.Equal(columns, properties.Select(p => p.Name));
        Assert.Equal(columns, StressClientTable.Columns);
        // Primitive values only: PowerShell remoting serializes them as they are, and Export-Csv writes one cell each.
        Type[] flat = [typeof(int), typeof(long), typeof(double), typeof(bool), typeof(string), typeof(DateTime), typeof(StressOperation)];
        Assert.All(properties, p => Assert.Contains(p.PropertyType, flat));
    }
}
