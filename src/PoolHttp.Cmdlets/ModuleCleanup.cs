using System.Management.Automation;

namespace PoolHttp.Cmdlets;

/// <summary>Remove-Module stops the servers the session left running, so that no port stays bound by a module that is gone.</summary>
public sealed class ModuleCleanup : IModuleAssemblyCleanup
{
    /// <summary>Called by PowerShell when the module is removed.</summary>
    public void OnRemove(PSModuleInfo psModuleInfo) => SessionServers.StopCurrent();
}
