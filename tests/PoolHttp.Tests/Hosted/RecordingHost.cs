using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace PoolHttp.Tests.Hosted;

/// <summary>
/// A PowerShell host that keeps every line written to it: what -WhatIf says goes to the host, in no stream.
/// It answers no prompt.
/// </summary>
public sealed class RecordingHost : PSHost
{
    private readonly RecordingUserInterface _ui = new();

    /// <summary>The lines written so far.</summary>
    public IReadOnlyList<string> Lines => _ui.Lines;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string Name => nameof(RecordingHost);

    public override PSHostUserInterface UI => _ui;

    public override Version Version => new(1, 0);

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication() { }

    public override void NotifyEndApplication() { }

    public override void SetShouldExit(int exitCode) { }

    private sealed class RecordingUserInterface : PSHostUserInterface
    {
        private readonly List<string> _lines = new();

        public IReadOnlyList<string> Lines
        {
            get { lock (_lines) return _lines.ToList(); }
        }

        public override PSHostRawUserInterface RawUI => null!;

        public override string ReadLine() => throw new NotSupportedException();

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();

        public override void Write(string value) => Add(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Add(value);

        public override void WriteLine(string value) => Add(value);

        public override void WriteErrorLine(string value) => Add(value);

        public override void WriteDebugLine(string message) => Add(message);

        public override void WriteProgress(long sourceId, ProgressRecord record) { }

        public override void WriteVerboseLine(string message) => Add(message);

        public override void WriteWarningLine(string message) => Add(message);

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
            throw new NotSupportedException();

        private void Add(string value)
        {
            lock (_lines) _lines.Add(value);
        }
    }
}
