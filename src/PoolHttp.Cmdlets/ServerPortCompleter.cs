using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace PoolHttp.Cmdlets;

/// <summary>Tab completion of -Port with the ports of the session's running servers.</summary>
public sealed class ServerPortCompleter : IArgumentCompleter
{
    /// <summary>The session's server ports that start with what has been typed, each with its URL and root as tooltip.</summary>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (Runspace.DefaultRunspace is null) return [];
        return SessionServers.Current.List()
            .Select(s => (Port: s.Port.ToString(CultureInfo.InvariantCulture), Server: s))
            .Where(x => x.Port.StartsWith(wordToComplete ?? "", StringComparison.Ordinal))
            .Select(x => new CompletionResult(x.Port, x.Port, CompletionResultType.ParameterValue, $"{x.Server.Uri} ({x.Server.Mode}) {x.Server.Root}"));
    }
}
