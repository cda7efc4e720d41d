# Which program the module's Process-mode children really run, read from /proc/PID/exe: the native child host
# (NativeAOT) that the build lays out in the module folder, or `dotnet poolhttp-host.dll` when POOLHTTP_CHILD_HOST=dotnet.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')
    $moduleDir = Split-Path -Parent $script:ModuleManifest
    $native = Join-Path $moduleDir 'poolhttp-host'
    $root = New-TestRoot
    $null = New-TestFile -Path (Join-Path $root 'hello.txt') -Content 'hello'
    $savedChoice = $env:POOLHTTP_CHILD_HOST

    # Starts a Process-mode server with two workers, GETs a file through it, and returns each worker's program and
    # command line (NUL-separated arguments).
    function Get-WorkerProgram {
        $server = Start-PoolHttpServer -Root $root -Mode Process -Workers 2 -Port 0
        try {
            (Invoke-PoolGet -Uri $server.Uri -Path 'hello.txt').Content | Should -Be 'hello'
            $stats = Invoke-RestMethod -Uri ([Uri]::new($server.Uri, '.poolhttp/stats'))
            @($stats.perWorker | ForEach-Object {
                    [pscustomobject]@{
                        Exe  = [System.IO.File]::ResolveLinkTarget("/proc/$($_.pid)/exe", $false).FullName
                        Args = @([System.IO.File]::ReadAllText("/proc/$($_.pid)/cmdline").TrimEnd([char]0).Split([char]0))
                    }
                })
        }
        finally {
            $server | Stop-PoolHttpServer -Confirm:$false
        }
    }
}

AfterAll {
    $env:POOLHTTP_CHILD_HOST = $savedChoice
    Remove-Item -LiteralPath $root -Recurse -Force
}

Describe 'The child host of Process mode' {
    AfterEach {
        $env:POOLHTTP_CHILD_HOST = $savedChoice
    }

    It 'is laid out in the module folder as an executable native program beside poolhttp-host.dll' {
        $native | Should -Exist
        Join-Path $moduleDir 'poolhttp-host.dll' | Should -Exist
        (Get-Item -LiteralPath $native).UnixMode | Should -BeLike '*x*'
        # An ELF executable, not a script or an apphost stub that loads poolhttp-host.dll.
        $head = [byte[]]::new(4)
        $stream = [System.IO.File]::OpenRead($native)
        try { $null = $stream.Read($head, 0, 4) } finally { $stream.Dispose() }
        [System.Text.Encoding]::ASCII.GetString($head, 1, 3) | Should -Be 'ELF'
    }

    It 'runs the native host by default' {
        $env:POOLHTTP_CHILD_HOST = $null
        $workers = Get-WorkerProgram
        $workers.Count | Should -Be 2
        foreach ($w in $workers) {
            $w.Exe | Should -Be $native
            $w.Args[1] | Should -Be 'worker'
        }
    }

    It 'runs dotnet with poolhttp-host.dll when POOLHTTP_CHILD_HOST=dotnet' {
        $env:POOLHTTP_CHILD_HOST = 'dotnet'
        $workers = Get-WorkerProgram
        $workers.Count | Should -Be 2
        foreach ($w in $workers) {
            Split-Path -Leaf $w.Exe | Should -Be 'dotnet'
            $w.Args[1] | Should -Be (Join-Path $moduleDir 'poolhttp-host.dll')
            $w.Args[2] | Should -Be 'worker'
        }
    }

    It 'is an error that names the variable when POOLHTTP_CHILD_HOST is not auto, dotnet or native' {
        $env:POOLHTTP_CHILD_HOST = 'java'
        { Start-PoolHttpServer -Root $root -Mode Process -Workers 1 -Port 0 } | Should -Throw '*POOLHTTP_CHILD_HOST*'
    }
}
