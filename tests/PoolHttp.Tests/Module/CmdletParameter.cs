namespace PoolHttp.Tests.Module;

/// <summary>One [Parameter] property of a compiled cmdlet, as PowerShell will bind it.</summary>
public sealed record CmdletParameter(string Name, string TypeName, bool Mandatory, string Position, bool ByValue,
    bool ByPropertyName, IReadOnlyList<string> Sets, IReadOnlyList<string> Attributes, IReadOnlyList<string> Aliases)
{
    /// <summary>The pipelineInput text MAML help uses.</summary>
    public string PipelineInput => (ByValue, ByPropertyName) switch
    {
        (false, false) => "False",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "True (ByValue, ByPropertyName)",
    };
}
