using System.Diagnostics;
using System.Net.Sockets;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// A Process-mode child as the parent drives it: a control pipe to write to, output lines that arrive on a callback,
/// an exit that arrives on another (after the last line), and a kill. On Linux with a glibc that clears the
/// close-on-exec flag of a descriptor given to itself (2.29 and later), children start with posix_spawn
/// (<see cref="SpawnedWorkerProcess"/>); elsewhere, or with POOLHTTP_NO_SPAWN set, with <see cref="Process"/>.
/// </summary>
internal abstract class WorkerProcess : IDisposable
{
    /// <summary>Set (to anything), children start with <see cref="Process"/> on Linux too: the other platforms' path.</summary>
    public const string NoSpawnVariable = "POOLHTTP_NO_SPAWN";

    /// <summary>The child's process id.</summary>
    public abstract int Id { get; }

    /// <summary>The child's standard input: the control pipe.</summary>
    public abstract TextWriter StandardInput { get; }

    /// <summary>Whether the child has exited and all its output has been passed on.</summary>
    public abstract bool HasExited { get; }

    /// <summary>The exit code (128 + the signal for a child that a signal ended); valid once <see cref="HasExited"/>.</summary>
    public abstract int ExitCode { get; }

    /// <summary>Waits up to <paramref name="milliseconds"/> (-1: without end) for the exit; true once exited.</summary>
    public abstract bool WaitForExit(int milliseconds);

    /// <summary>Ends the child with SIGKILL (Windows: TerminateProcess); nothing once it has exited.</summary>
    public abstract void Kill();

    /// <inheritdoc />
    public abstract void Dispose();

    /// <summary>
    /// Starts <paramref name="info"/>'s program sharing <paramref name="listener"/> and the descriptors of
    /// <paramref name="alsoShared"/>. <paramref name="onLine"/> gets each line of the child's standard output, and
    /// <paramref name="onExit"/> is called once, after the last line, when the child has exited; both run on
    /// thread-pool threads and must not throw.
    /// </summary>
    public static WorkerProcess Start(ProcessStartInfo info, Socket listener, int[] alsoShared, Action<WorkerProcess, string> onLine, Action<WorkerProcess> onExit)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (OperatingSystem.IsLinux() && SpawnedWorkerProcess.IsSupported && Environment.GetEnvironmentVariable(NoSpawnVariable) is null)
            return SpawnedWorkerProcess.Start(info, [(int)listener.SafeHandle.DangerousGetHandle(), .. alsoShared], onLine, onExit);
        return DotnetWorkerProcess.Launch(info, listener, alsoShared, onLine, onExit);
    }

    /// <summary>The portable way: <see cref="Process"/>, with the listener shared by <see cref="ListenerHandoff"/>.</summary>
    private sealed class DotnetWorkerProcess : WorkerProcess
    {
        private readonly Process _process;

        private DotnetWorkerProcess(Process process) => _process = process;

        public static DotnetWorkerProcess Launch(ProcessStartInfo info, Socket listener, int[] alsoShared, Action<WorkerProcess, string> onLine, Action<WorkerProcess> onExit)
        {
            var child = new DotnetWorkerProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
            child._process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is string line) onLine(child, line);
            };
            child._process.Exited += (_, _) =>
            {
                try { child._process.WaitForExit(); } // drains the output: every line has been passed on
                catch (InvalidOperationException) { }
                onExit(child);
            };
            ListenerHandoff.StartChild(child._process, listener, alsoShared);
            child._process.BeginOutputReadLine();
            return child;
        }

        public override int Id => _process.Id;
        public override TextWriter StandardInput => _process.StandardInput;
        public override bool HasExited => _process.HasExited;
        public override int ExitCode => _process.ExitCode;

        public override bool WaitForExit(int milliseconds)
        {
            if (!_process.WaitForExit(milliseconds)) return false;
            _process.WaitForExit(); // drains the output
            return true;
        }

        public override void Kill()
        {
            try { _process.Kill(); }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { } // exited already
        }

        public override void Dispose() => _process.Dispose();
    }
}
