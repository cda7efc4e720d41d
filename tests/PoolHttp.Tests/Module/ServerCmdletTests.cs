using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Tests.Module;

/// <summary>The server cmdlets' parameters, pipeline binding and output, as CONTRACT section 3 and the help describe them.</summary>
public class ServerCmdletTests
{
    private static CompiledCmdlet Cmdlet(string name) => CompiledModule.Cmdlets.Single(c => c.Name == name);

    [Fact]
    public void Start_mirrors_every_server_option_as_a_parameter()
    {
        // Not user-facing: the access log callback, the stop grace period, and a computed property.
        string[] notParameters = [nameof(ServerOptions.AccessLog), nameof(ServerOptions.StopTimeout), nameof(ServerOptions.EffectivePort)];
        // Built from files and a credential rather than bound as objects: the authenticator and the certificate.
        var builtFrom = new Dictionary<string, string[]>
        {
            [nameof(ServerOptions.Authentication)] = ["Credential"],
            [nameof(ServerOptions.Certificate)] = ["CertificatePath", "CertificateKeyPath", "CertificatePassword"],
        };
        var options = typeof(ServerOptions).GetProperties().Select(p => p.Name).Except(notParameters)
            .SelectMany(name => builtFrom.TryGetValue(name, out var from) ? from : [name]);
        var parameters = Cmdlet("Start-PoolHttpServer").Parameters.Select(p => p.Name).ToList();
        Assert.Equal(options.Append("Wait").Order(StringComparer.Ordinal), parameters.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Start_types_its_parameters_for_binding_and_completion()
    {
        var start = Cmdlet("Start-PoolHttpServer");
        Assert.Equal(nameof(ServerMode), start.Parameter("Mode").TypeName);   // an enum: PowerShell completes and validates it
        Assert.Equal("IPAddress", start.Parameter("Address").TypeName);
        Assert.Equal("Int64", start.Parameter("MaxUploadSize").TypeName);     // so that 1GB works
        Assert.Equal("SwitchParameter", start.Parameter("Wait").TypeName);
        Assert.Equal("SwitchParameter", start.Parameter("ReadOnly").TypeName);
        Assert.Equal("0", start.Parameter("Root").Position);
        Assert.All(start.Parameters, p => Assert.False(p.Mandatory || p.ByValue || p.ByPropertyName, $"-{p.Name}"));
    }

    [Fact]
    public void Start_and_Stop_support_WhatIf_and_Get_does_not()
    {
        Assert.True(Cmdlet("Start-PoolHttpServer").SupportsShouldProcess);
        Assert.True(Cmdlet("Stop-PoolHttpServer").SupportsShouldProcess);
        Assert.False(Cmdlet("Get-PoolHttpServer").SupportsShouldProcess);
    }

    [Fact]
    public void Start_and_Get_write_server_objects_and_Stop_only_with_PassThru()
    {
        string info = typeof(PoolServerInfo).FullName!;
        Assert.Equal([info], Cmdlet("Start-PoolHttpServer").OutputTypes);
        Assert.Equal([info], Cmdlet("Get-PoolHttpServer").OutputTypes);
        Assert.Equal([info], Cmdlet("Stop-PoolHttpServer").OutputTypes);
        Assert.Equal("SwitchParameter", Cmdlet("Stop-PoolHttpServer").Parameter("PassThru").TypeName);
    }

    [Fact]
    public void Stop_binds_server_objects_from_the_pipeline_by_Port_and_Address()
    {
        var stop = Cmdlet("Stop-PoolHttpServer");
        Assert.True(stop.Parameter("Port").Mandatory);
        Assert.Equal("True (ByPropertyName)", stop.Parameter("Port").PipelineInput);
        Assert.Equal("True (ByPropertyName)", stop.Parameter("Address").PipelineInput);
        Assert.Equal(typeof(int), typeof(PoolServerInfo).GetProperty("Port")!.PropertyType);
        Assert.Equal(typeof(string), typeof(PoolServerInfo).GetProperty("Address")!.PropertyType);
    }

    [Fact]
    public void Get_filters_by_Port_optionally_and_from_the_pipeline()
    {
        var port = Cmdlet("Get-PoolHttpServer").Parameter("Port");
        Assert.False(port.Mandatory);
        Assert.Equal("Int32[]", port.TypeName);
        Assert.Equal("True (ByPropertyName)", port.PipelineInput);
    }

    [Theory]
    [InlineData("Get-PoolHttpServer")]
    [InlineData("Stop-PoolHttpServer")]
    public void Port_completes_with_the_session_servers(string name) =>
        Assert.Contains("ArgumentCompleterAttribute", Cmdlet(name).Parameter("Port").Attributes);

    [Fact]
    public void Server_objects_are_flat_in_the_documented_column_order()
    {
        string[] columns = ["Port", "Address", "Mode", "Workers", "Root", "Uri", "StartedAt", "Requests", "Succeeded",
            "Failed", "Active", "BytesReceived", "BytesSent", "State"];
        var properties = typeof(PoolServerInfo).GetProperties().Where(p => p.GetMethod!.IsPublic).ToList();
        Assert.Equal(columns, properties.Select(p => p.Name));
        Assert.All(properties, p => Assert.True(p.PropertyType.IsPrimitive || p.PropertyType.IsEnum
            || p.PropertyType == typeof(string) || p.PropertyType == typeof(Uri) || p.PropertyType == typeof(DateTime), p.Name));
    }
}
