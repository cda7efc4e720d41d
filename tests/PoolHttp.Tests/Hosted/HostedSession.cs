using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PoolHttp.Tests.Module;

namespace PoolHttp.Tests.Hosted;

/// <summary>
/// A real PowerShell 7 runspace (Microsoft.PowerShell.SDK) with out/PoolHttp imported, for what is awkward to see
/// from Pester: the exact fields of ErrorRecords, the progress and verbose streams, and how long Stop() takes.
/// </summary>
public sealed class HostedSession : IDisposable
{
    private readonly Runspace _runspace;

    /// <summary>A session; with <paramref name="host"/>, what is written to the host (-WhatIf's lines) goes to it.</summary>
    public HostedSession(System.Management.Automation.Host.PSHost? host = null)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(Path.Combine(CompiledModule.OutDir, "PoolHttp.psd1"));
        _runspace = host is null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        _runspace.Open();
    }

    /// <summary>A pipeline of this session, ready for AddScript/AddCommand; the caller disposes it.</summary>
    public PowerShell Create()
    {
        var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        return ps;
    }

    /// <summary>Runs a script with named variables set first; returns its output, its streams stay on the result.</summary>
    public Invocation Run(string script, IDictionary<string, object?>? variables = null)
    {
        var ps = Create();
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
            _runspace.SessionStateProxy.SetVariable(name, value);
        ps.AddScript(script);
        Collection<PSObject> output = ps.Invoke();
        return new Invocation(ps, output);
    }

    public void Dispose()
    {
        using (var ps = Create())
        {
            ps.AddScript("Get-PoolHttpServer | Stop-PoolHttpServer -Confirm:$false").Invoke();
        }
        _runspace.Dispose();
    }
}

/// <summary>What one hosted pipeline produced: its output and every stream.</summary>
public sealed class Invocation(PowerShell shell, Collection<PSObject> output) : IDisposable
{
    public Collection<PSObject> Output { get; } = output;

    public IReadOnlyList<ErrorRecord> Errors => shell.Streams.Error.ToList();

    public IReadOnlyList<VerboseRecord> Verbose => shell.Streams.Verbose.ToList();

    public IReadOnlyList<ProgressRecord> Progress => shell.Streams.Progress.ToList();

    public void Dispose() => shell.Dispose();
}
