using PoolHttp.Engine.Results;

namespace PoolHttp.Tests.Module;

/// <summary>The client cmdlets' parameters, pipeline binding and output, as CONTRACT section 3 and the help describe them.</summary>
public class ClientCmdletTests
{
    private static readonly string Transfer = typeof(PoolTransferResult).FullName!;

    private static readonly string[] Names = ["Send-PoolFile", "Get-PoolFile", "Get-PoolFileList", "Remove-PoolFile", "New-PoolFolder"];

    public static TheoryData<string> ClientCmdlets() => new(Names);

    private static CompiledCmdlet Cmdlet(string name) => CompiledModule.Cmdlets.Single(c => c.Name == name);

    [Fact]
    public void The_module_compiles_the_client_cmdlets()
    {
        var names = CompiledModule.Cmdlets.Select(c => c.Name).ToList();
        Assert.All(Names, name => Assert.Contains(name, names));
    }

    [Theory, MemberData(nameof(ClientCmdlets))]
    public void Client_cmdlets_share_the_idle_timeout_and_the_credential(string name)
    {
        var cmdlet = Cmdlet(name);
        var timeout = cmdlet.Parameter("TimeoutSec");
        Assert.Equal("Double", timeout.TypeName);
        Assert.Contains("ValidateRangeAttribute", timeout.Attributes);
        var credential = cmdlet.Parameter("Credential");
        Assert.Equal("PSCredential", credential.TypeName);
        Assert.Contains("CredentialAttribute", credential.Attributes);
        Assert.All([timeout, credential], p => Assert.False(p.Mandatory || p.ByValue || p.ByPropertyName, $"-{p.Name}"));
    }

    [Fact]
    public void Send_takes_wildcard_paths_or_Get_ChildItem_output_by_PSPath()
    {
        var send = Cmdlet("Send-PoolFile");
        var path = send.Parameter("Path");
        Assert.Equal(("String[]", true, "0"), (path.TypeName, path.Mandatory, path.Position));
        Assert.Equal(["Path"], path.Sets);
        Assert.Equal("True (ByValue, ByPropertyName)", path.PipelineInput);
        Assert.Contains("SupportsWildcardsAttribute", path.Attributes);

        var literal = send.Parameter("LiteralPath");
        Assert.Equal(("String[]", true, "named"), (literal.TypeName, literal.Mandatory, literal.Position));
        Assert.Equal(["LiteralPath"], literal.Sets);
        Assert.Equal("True (ByPropertyName)", literal.PipelineInput);
        Assert.Contains("AliasAttribute", literal.Attributes);
        Assert.Equal(["PSPath", "LP"], literal.Aliases);
    }

    [Fact]
    public void Send_names_the_remote_folder_with_Uri_and_maps_the_upload_switches()
    {
        var send = Cmdlet("Send-PoolFile");
        var uri = send.Parameter("Uri");
        Assert.Equal(("Uri", true, "1", "False"), (uri.TypeName, uri.Mandatory, uri.Position, uri.PipelineInput));
        Assert.Equal("SwitchParameter", send.Parameter("NoOverwrite").TypeName);
        Assert.Equal("SwitchParameter", send.Parameter("Multipart").TypeName);
        Assert.Equal("SwitchParameter", send.Parameter("Recurse").TypeName);
        Assert.Equal("String", send.Parameter("IfMatch").TypeName);
        Assert.Equal("Path", send.DefaultParameterSet);
        Assert.Equal(["AllowUnencryptedAuthentication", "CaCertificate", "Credential", "IfMatch", "LiteralPath", "Multipart", "NoOverwrite", "Path", "Recurse", "SkipCertificateCheck", "TimeoutSec", "Uri"],
            send.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Get-PoolFile")]
    [InlineData("Get-PoolFileList")]
    [InlineData("Remove-PoolFile")]
    [InlineData("New-PoolFolder")]
    public void Uri_is_mandatory_first_and_bound_by_value_and_by_property_name(string name)
    {
        var uri = Cmdlet(name).Parameter("Uri");
        Assert.Equal(("Uri", true, "0"), (uri.TypeName, uri.Mandatory, uri.Position));
        Assert.Equal("True (ByValue, ByPropertyName)", uri.PipelineInput);
    }

    [Fact]
    public void Objects_that_carry_a_Uri_bind_to_it_without_conversion()
    {
        Assert.Equal(typeof(Uri), typeof(PoolFileInfo).GetProperty("Uri")!.PropertyType);
        Assert.Equal(typeof(Uri), typeof(PoolServerInfo).GetProperty("Uri")!.PropertyType);
    }

    [Fact]
    public void Get_downloads_to_OutFile_with_Resume()
    {
        var get = Cmdlet("Get-PoolFile");
        var outFile = get.Parameter("OutFile");
        Assert.Equal(("String", false, "1", "False"), (outFile.TypeName, outFile.Mandatory, outFile.Position, outFile.PipelineInput));
        Assert.Equal("SwitchParameter", get.Parameter("Resume").TypeName);
        Assert.Equal(["AllowUnencryptedAuthentication", "CaCertificate", "Credential", "OutFile", "Resume", "SkipCertificateCheck", "TimeoutSec", "Uri"], get.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void List_and_Remove_take_Recurse_and_Remove_takes_Force()
    {
        Assert.Equal(["AllowUnencryptedAuthentication", "CaCertificate", "Credential", "Recurse", "SkipCertificateCheck", "TimeoutSec", "Uri"], Cmdlet("Get-PoolFileList").Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["AllowUnencryptedAuthentication", "CaCertificate", "Credential", "Force", "Recurse", "SkipCertificateCheck", "TimeoutSec", "Uri"], Cmdlet("Remove-PoolFile").Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("SwitchParameter", Cmdlet("Remove-PoolFile").Parameter("Recurse").TypeName);
        Assert.Equal("SwitchParameter", Cmdlet("Remove-PoolFile").Parameter("Force").TypeName);
    }

    [Fact]
    public void New_PoolFolder_takes_the_client_parameters_writes_the_folder_and_confirms_at_Medium_impact()
    {
        var mkdir = Cmdlet("New-PoolFolder");
        Assert.Equal(["AllowUnencryptedAuthentication", "CaCertificate", "Credential", "SkipCertificateCheck", "TimeoutSec", "Uri"],
            mkdir.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal([typeof(PoolFileInfo).FullName!], mkdir.OutputTypes);
        Assert.True(mkdir.SupportsShouldProcess);
        Assert.Equal("Medium", mkdir.ConfirmImpact);
    }

    [Fact]
    public void Transfers_write_transfer_results_and_the_list_writes_file_entries()
    {
        Assert.Equal([Transfer], Cmdlet("Send-PoolFile").OutputTypes);
        Assert.Equal([Transfer], Cmdlet("Get-PoolFile").OutputTypes);
        Assert.Equal([typeof(PoolFileInfo).FullName!], Cmdlet("Get-PoolFileList").OutputTypes);
        Assert.Empty(Cmdlet("Remove-PoolFile").OutputTypes);
        Assert.False(Cmdlet("Remove-PoolFile").WritesObjects);
    }

    [Fact]
    public void Remove_confirms_at_High_impact_Send_at_Medium_as_Copy_Item_and_reads_do_not()
    {
        Assert.True(Cmdlet("Remove-PoolFile").SupportsShouldProcess);
        Assert.Equal("High", Cmdlet("Remove-PoolFile").ConfirmImpact);
        Assert.True(Cmdlet("Send-PoolFile").SupportsShouldProcess);
        Assert.Equal("Medium", Cmdlet("Send-PoolFile").ConfirmImpact);
        Assert.False(Cmdlet("Get-PoolFile").SupportsShouldProcess);
        Assert.False(Cmdlet("Get-PoolFileList").SupportsShouldProcess);
    }

    [Theory]
    [InlineData(typeof(PoolFileInfo), new[] { "Name", "Type", "Size", "Modified", "Uri" })]
    [InlineData(typeof(PoolTransferResult), new[] { "Operation", "Source", "Destination", "Length", "BytesTransferred", "Resumed",
        "StatusCode", "Started", "Seconds", "BytesPerSecond", "Sha256" })]
    public void Client_results_are_flat_in_the_documented_column_order(Type type, string[] columns)
    {
        var properties = type.GetProperties().Where(p => p.GetMethod!.IsPublic).ToList();
        Assert.Equal(columns, properties.Select(p => p.Name));
        Assert.All(properties, p => Assert.True(p.PropertyType.IsPrimitive || p.PropertyType.IsEnum || p.PropertyType == typeof(string)
            || p.PropertyType == typeof(Uri) || p.PropertyType == typeof(DateTime), p.Name));
    }
}
