using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Server;

namespace PoolHttp.Cmdlets;

/// <summary>
/// One <see cref="PoolServerRegistry"/> per PowerShell session (runspace): servers started without -Wait belong to
/// the session that started them, and end when it closes or the module is removed.
/// </summary>
internal static class SessionServers
{
    private static readonly ConditionalWeakTable<Runspace, PoolServerRegistry> Registries = new();

    /// <summary>The registry of the runspace running the current pipeline.</summary>
    public static PoolServerRegistry Current => Registries.GetValue(
        Runspace.DefaultRunspace ?? throw new InvalidOperationException("No PowerShell runspace on this thread."), Create);

    /// <summary>Stops the servers of the current session, if it has any.</summary>
    public static void StopCurrent()
    {
        if (Runspace.DefaultRunspace is { } runspace && Registries.TryGetValue(runspace, out var registry)) registry.StopAll();
    }

    private static PoolServerRegistry Create(Runspace runspace)
    {
        var registry = new PoolServerRegistry();
        runspace.StateChanged += (_, e) =>
        {
            if (e.RunspaceStateInfo.State is RunspaceState.Closing or RunspaceState.Closed or RunspaceState.Broken) registry.StopAll();
        };
        return registry;
    }
}
