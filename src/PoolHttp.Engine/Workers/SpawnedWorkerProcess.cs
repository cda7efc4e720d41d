using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// A child started with posix_spawn (Linux). <see cref="Process.Start()"/> costs the parent about 3 ms of CPU per
/// child (its pipes, streams, encodings, SIGCHLD bookkeeping and a lock that serializes every start) and must toggle
/// the close-on-exec flag of the listener under a gate of ours; with 50 children starting at once on two cores that
/// is the path every later child waits behind. posix_spawn (a vfork and an exec in glibc) gives the listener and the
/// handoff pair to the child alone, as a dup2 of each descriptor onto itself in the child, which clears its
/// close-on-exec flag there (glibc 2.29 and later): no other child, started at the same moment, can inherit them.
/// The output is read as .NET reads a child's (an anonymous pipe whose reads wait in the socket engine, not in a
/// thread); at its end the child is reaped: waitid with WNOWAIT first, so that a kill never reaches a reused id.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class SpawnedWorkerProcess : WorkerProcess
{
    private const int O_CLOEXEC = 0x80000, EINTR = 4, SIGKILL = 9;
    private const int P_PID = 1, WEXITED = 4, WNOWAIT = 0x01000000;
    private const short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08;
    // Opaque glibc types, given room to spare: posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336,
    // sigset_t 128, siginfo_t 128.
    private const int ActionsSize = 256, AttributesSize = 1024, SigSetSize = 256, SigInfoSize = 256;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private static readonly Lazy<bool> Supported = new(() => GlibcAtLeast(2, 29));

    private readonly object _gate = new();
    private readonly ManualResetEventSlim _exited = new();
    private readonly int _pid;
    private readonly StreamWriter _input;
    private volatile bool _reaped;
    private int _exitCode;

    private SpawnedWorkerProcess(int pid, StreamWriter input)
    {
        _pid = pid;
        _input = input;
    }

    /// <summary>Whether posix_spawn may start children here: glibc 2.29 or later (musl and older glibc: no).</summary>
    public static bool IsSupported => Supported.Value;

    /// <summary>
    /// Starts <paramref name="info"/>'s program (its file name, arguments and environment; the working folder is this
    /// process's) with the descriptors of <paramref name="shared"/> open in the child under the same numbers.
    /// </summary>
    public static unsafe SpawnedWorkerProcess Start(ProcessStartInfo info, int[] shared, Action<WorkerProcess, string> onLine, Action<WorkerProcess> onExit)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(shared);
        int* input = stackalloc int[2];
        int* output = stackalloc int[2];
        if (Pipe2(input, O_CLOEXEC) != 0) throw new IOException($"Cannot create a pipe for a worker (errno {Marshal.GetLastPInvokeError()}).");
        if (Pipe2(output, O_CLOEXEC) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Close(input[0]);
            Close(input[1]);
            throw new IOException($"Cannot create a pipe for a worker (errno {errno}).");
        }
        int pid;
        int error;
        try
        {
            error = Spawn(info, input[0], output[1], shared, out pid);
        }
        finally
        {
            Close(input[0]);
            Close(output[1]);
        }
        if (error != 0)
        {
            Close(input[1]);
            Close(output[0]);
            throw new IOException($"Cannot start the worker {info.FileName}: {Marshal.GetPInvokeErrorMessage(error)} (errno {error}).");
        }
        var writer = new StreamWriter(new AnonymousPipeClientStream(PipeDirection.Out, new SafePipeHandle(input[1], ownsHandle: true)), Utf8);
        var reader = new StreamReader(new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(output[0], ownsHandle: true)), Utf8);
        var child = new SpawnedWorkerProcess(pid, writer);
        _ = Task.Run(() => child.ReadAsync(reader, onLine, onExit));
        return child;
    }

    public override int Id => _pid;
    public override TextWriter StandardInput => _input;
    public override bool HasExited => _exited.IsSet;
    public override int ExitCode => _exited.IsSet ? _exitCode : throw new InvalidOperationException("The worker has not exited.");

    public override bool WaitForExit(int milliseconds) => _exited.Wait(milliseconds);

    public override void Kill()
    {
        lock (_gate)
        {
            if (!_reaped) _ = KillProcess(_pid, SIGKILL); // not reaped yet: the id is still this child's
        }
    }

    public override void Dispose()
    {
        try { _input.Dispose(); }
        catch (IOException) { } // the child is gone: what was left unwritten does not matter
    }

    private async Task ReadAsync(StreamReader reader, Action<WorkerProcess, string> onLine, Action<WorkerProcess> onExit)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is string line) onLine(this, line);
        }
        catch (IOException) { }
        finally
        {
            reader.Dispose();
            Reap();
            onExit(this);
        }
    }

    /// <summary>Waits for the exit without reaping, then reaps under the gate that <see cref="Kill"/> takes.</summary>
    private unsafe void Reap()
    {
        byte* info = stackalloc byte[SigInfoSize];
        while (WaitId(P_PID, _pid, info, WEXITED | WNOWAIT) != 0 && Marshal.GetLastPInvokeError() == EINTR) { }
        lock (_gate)
        {
            int status = 0;
            int reaped;
            do reaped = WaitPid(_pid, &status, 0);
            while (reaped < 0 && Marshal.GetLastPInvokeError() == EINTR);
            _exitCode = reaped < 0 ? -1 : (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
            _reaped = true;
        }
        _exited.Set();
    }

    private static unsafe int Spawn(ProcessStartInfo info, int stdin, int stdout, int[] shared, out int pid)
    {
        byte* actions = stackalloc byte[ActionsSize];
        byte* attributes = stackalloc byte[AttributesSize];
        byte* mask = stackalloc byte[SigSetSize];
        byte* defaults = stackalloc byte[SigSetSize];
        var argv = new List<string> { info.FileName };
        argv.AddRange(info.ArgumentList);
        var envp = info.Environment.Where(e => e.Value is not null).Select(e => e.Key + "=" + e.Value).ToList();
        nint* args = Strings(argv);
        nint* environment = Strings(envp);
        nint path = Marshal.StringToCoTaskMemUTF8(info.FileName);
        bool haveActions = false, haveAttributes = false;
        try
        {
            Check(FileActionsInit(actions));
            haveActions = true;
            Check(AttributesInit(attributes));
            haveAttributes = true;
            Check(AddDup2(actions, stdin, 0));
            Check(AddDup2(actions, stdout, 1));
            foreach (int fd in shared) Check(AddDup2(actions, fd, fd)); // clears FD_CLOEXEC in the child only
            Check(SigEmptySet(mask));
            Check(SigFillSet(defaults));
            Check(AttributesSetSigMask(attributes, mask));
            Check(AttributesSetSigDefault(attributes, defaults));
            Check(AttributesSetFlags(attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
            int child;
            int error = PosixSpawn(&child, path, actions, attributes, args, environment);
            pid = child;
            return error;
        }
        finally
        {
            if (haveActions) _ = FileActionsDestroy(actions);
            if (haveAttributes) _ = AttributesDestroy(attributes);
            Marshal.FreeCoTaskMem(path);
            FreeStrings(args, argv.Count);
            FreeStrings(environment, envp.Count);
        }
    }

    private static void Check(int result)
    {
        if (result != 0) throw new IOException($"Cannot prepare a worker's start (error {result}).");
    }

    private static unsafe nint* Strings(List<string> values)
    {
        var array = (nint*)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(nint));
        for (int i = 0; i < values.Count; i++) array[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
        return array;
    }

    private static unsafe void FreeStrings(nint* array, int count)
    {
        for (int i = 0; i < count; i++) Marshal.FreeCoTaskMem(array[i]);
        NativeMemory.Free(array);
    }

    private static bool GlibcAtLeast(int major, int minor)
    {
        try
        {
            string? text = Marshal.PtrToStringUTF8(GnuGetLibcVersion());
            return Version.TryParse(text, out var version) && version >= new Version(major, minor);
        }
        catch (EntryPointNotFoundException)
        {
            return false; // not glibc
        }
    }

    [LibraryImport("libc", EntryPoint = "gnu_get_libc_version")]
    private static partial nint GnuGetLibcVersion();

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static unsafe partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillProcess(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "waitid", SetLastError = true)]
    private static unsafe partial int WaitId(int idType, int id, byte* info, int options);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static unsafe partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    private static unsafe partial int PosixSpawn(int* pid, nint path, byte* actions, byte* attributes, nint* argv, nint* envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static unsafe partial int FileActionsInit(byte* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static unsafe partial int FileActionsDestroy(byte* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static unsafe partial int AddDup2(byte* actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static unsafe partial int AttributesInit(byte* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static unsafe partial int AttributesDestroy(byte* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static unsafe partial int AttributesSetFlags(byte* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static unsafe partial int AttributesSetSigMask(byte* attributes, byte* mask);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static unsafe partial int AttributesSetSigDefault(byte* attributes, byte* defaults);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    private static unsafe partial int SigEmptySet(byte* set);

    [LibraryImport("libc", EntryPoint = "sigfillset")]
    private static unsafe partial int SigFillSet(byte* set);
}
