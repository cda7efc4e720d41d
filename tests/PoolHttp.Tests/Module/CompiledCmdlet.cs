namespace PoolHttp.Tests.Module;

/// <summary>A cmdlet class read from the laid-out module, without loading it.</summary>
public sealed record CompiledCmdlet(string ClassName, string Verb, string Noun, bool SupportsShouldProcess,
    IReadOnlyList<string> OutputTypes, IReadOnlyList<CmdletParameter> Parameters, bool WritesObjects,
    string ConfirmImpact = "Medium", string? DefaultParameterSet = null)
{
    public string Name => $"{Verb}-{Noun}";

    public CmdletParameter Parameter(string name) => Parameters.Single(p => p.Name == name);

    public override string ToString() => Name;
}
