# scripts/Invoke-PoolStressFleet.ps1 for real over SSH remoting on loopback: an sshd of the test's own on a free
# 127.0.0.1 port (host and user keys made for the test, `Subsystem powershell` running the pwsh under test, which
# finds the built module through the PSModulePath the subsystem sets), two "hosts" that are two sessions to it
# (127.0.0.1 and localhost) and a third that cannot be reached (127.0.0.2, where nothing listens).

BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')

    $script:Script = Join-Path $script:RepoRoot 'scripts/Invoke-PoolStressFleet.ps1'
    $script:Sshd = '/usr/sbin/sshd'
    if (-not (Test-Path -LiteralPath $script:Sshd)) {
        # CI runs as root on a fresh Debian machine: the test brings its own server package.
        if ((id -u) -ne '0') { throw "$script:Sshd is missing: install openssh-server." }
        apt-get install -y -qq openssh-server *> $null
        if ($LASTEXITCODE -ne 0) { apt-get update -qq *> $null; apt-get install -y -qq openssh-server *> $null }
        if ($LASTEXITCODE -ne 0) { throw 'apt-get could not install openssh-server.' }
    }

    # sshd refuses keys and configuration in group- or world-writable places: a folder of the test's own, mode 700.
    $script:SshDir = Join-Path ([System.IO.Path]::GetTempPath()) ('poolhttp-ssh-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $script:SshDir
    chmod 700 $script:SshDir
    ssh-keygen -q -t ed25519 -N '' -C poolhttp-test-host -f (Join-Path $script:SshDir 'host_key')
    ssh-keygen -q -t ed25519 -N '' -C poolhttp-test-user -f (Join-Path $script:SshDir 'user_key')
    if ($LASTEXITCODE -ne 0) { throw 'ssh-keygen could not make the test keys.' }
    Copy-Item -LiteralPath (Join-Path $script:SshDir 'user_key.pub') -Destination (Join-Path $script:SshDir 'authorized_keys')

    # The module where the remote sessions find it: a PSModulePath folder that only the subsystem's pwsh is given.
    $modules = Join-Path $script:SshDir 'modules'
    $null = New-Item -ItemType Directory -Path $modules
    Copy-Item -LiteralPath (Split-Path -Parent $script:ModuleManifest) -Destination (Join-Path $modules 'PoolHttp') -Recurse

    # The subsystem needs one executable: a wrapper that runs the pwsh under test in server mode.
    $pwsh = @(Get-PwshCommand | ForEach-Object { "'$_'" }) -join ' '
    $wrapper = Join-Path $script:SshDir 'pwsh-subsystem.sh'
    Set-Content -LiteralPath $wrapper -Value "#!/bin/sh`nexport PSModulePath='$modules'`nexec $pwsh -sshs -NoLogo -NoProfile`n" -NoNewline
    chmod 700 $wrapper

    $script:SshPort = Get-FreePort
    $script:User = [Environment]::UserName
    $config = Join-Path $script:SshDir 'sshd_config'
    @(
        "Port $script:SshPort"
        'ListenAddress 127.0.0.1'
        "HostKey $(Join-Path $script:SshDir 'host_key')"
        "PidFile $(Join-Path $script:SshDir 'sshd.pid')"
        "AuthorizedKeysFile $(Join-Path $script:SshDir 'authorized_keys')"
        'PubkeyAuthentication yes'
        'PasswordAuthentication no'
        'KbdInteractiveAuthentication no'
        'PermitRootLogin prohibit-password'
        'UsePAM no'
        # The key files sit in a folder of mode 700, but /tmp above it is world-writable, which StrictModes refuses.
        'StrictModes no'
        "AllowUsers $script:User"
        "Subsystem powershell $wrapper"
    ) | Set-Content -LiteralPath $config
    # Privilege separation needs /run/sshd; made here only when missing, and removed again then.
    $script:MadeRunDir = -not (Test-Path -LiteralPath '/run/sshd')
    if ($script:MadeRunDir) { $null = New-Item -ItemType Directory -Path '/run/sshd'; chmod 755 /run/sshd }
    $check = & $script:Sshd -t -f $config 2>&1
    if ($LASTEXITCODE -ne 0) { throw "sshd refuses the test configuration: $check" }
    $script:SshdProcess = Start-Process -FilePath $script:Sshd -ArgumentList '-D', '-e', '-f', $config -PassThru `
        -RedirectStandardError (Join-Path $script:SshDir 'sshd.log')
    Wait-Until { -not (Test-PortRefused $script:SshPort) -or $script:SshdProcess.HasExited } -Seconds 20
    if ($script:SshdProcess.HasExited) { throw "sshd ended: $(Get-Content -Raw (Join-Path $script:SshDir 'sshd.log'))" }

    # The client trusts exactly the test's host key, under both names.
    $hostKey = (Get-Content -LiteralPath (Join-Path $script:SshDir 'host_key.pub')) -split ' '
    $knownHosts = Join-Path $script:SshDir 'known_hosts'
    @("[127.0.0.1]:$script:SshPort $($hostKey[0]) $($hostKey[1])", "[localhost]:$script:SshPort $($hostKey[0]) $($hostKey[1])") |
        Set-Content -LiteralPath $knownHosts
    $script:SshOption = @{ UserKnownHostsFile = $knownHosts; GlobalKnownHostsFile = '/dev/null'; StrictHostKeyChecking = 'yes'; IdentitiesOnly = 'yes' }

    $script:root = New-TestRoot
    $script:server = Start-PoolHttpServer -Root $script:root -Port 0 -Workers 3
    $script:Columns = @('Number', 'Operation', 'FileSizeBytes', 'ClientWorkers', 'ServerWorkers', 'ClientMode', 'ServerMode',
        'SecondsPerClient', 'ThroughputPerClient', 'ClientsSucceeded', 'ClientsFailed', 'ServerSucceeded', 'ServerFailed',
        'SecondsP50', 'SecondsP95', 'SecondsMax', 'AggregateThroughput', 'WallSeconds')
}

AfterAll {
    if ($script:server) { $script:server | Stop-PoolHttpServer }
    if ($script:SshdProcess -and -not $script:SshdProcess.HasExited) {
        Stop-Process -Id $script:SshdProcess.Id -Force
        $script:SshdProcess.WaitForExit(10000) | Out-Null
    }
    if ($script:MadeRunDir) { Remove-Item -LiteralPath '/run/sshd' -Recurse -Force -ErrorAction SilentlyContinue }
    if ($script:SshDir) { Remove-Item -LiteralPath $script:SshDir -Recurse -Force }
    if ($script:root) { Remove-Item -LiteralPath $script:root -Recurse -Force }
}

Describe 'Invoke-PoolStressFleet' {
    It 'has comment-based help with a synopsis, every parameter and examples' {
        $help = Get-Help $script:Script -Full
        $help.Synopsis | Should -BeLike 'Stresses one server from several hosts*'
        $documented = @($help.parameters.parameter | Where-Object { "$($_.description.Text)".Trim() } | ForEach-Object name)
        $declared = (Get-Command $script:Script).Parameters.Keys |
            Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters }
        $declared | ForEach-Object { $documented | Should -Contain $_ }
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
    }

    It 'merges the clients of two SSH hosts into rows that match the server''s own counts, and names the host it cannot reach' {
        $before = Invoke-RestMethod ([Uri]::new($script:server.Uri, '/.poolhttp/stats'))
        $fleet = @{
            HostName = '127.0.0.1', 'localhost', '127.0.0.2'; UserName = $script:User; Port = $script:SshPort
            KeyFilePath = (Join-Path $script:SshDir 'user_key'); SshOption = $script:SshOption
            Uri = $script:server.Uri; Operation = 'Upload', 'Download'; FileSize = 64KB; ClientWorkers = 2
            TimeoutSec = 30; RowIntervalSec = 10; LeadSec = 20
        }
        # What the script writes to its own streams (an -ErrorVariable would also collect the errors it caught inside).
        $output = @(& $script:Script @fleet -ErrorAction Continue 2>&1 3>&1)   # build.ps1 runs with 'Stop'
        $fleetErrors = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $fleetWarnings = @($output | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $rows = @($output | Where-Object { $_ -is [PoolHttp.Engine.Results.PoolStressResult] })
        $after = Invoke-RestMethod ([Uri]::new($script:server.Uri, '/.poolhttp/stats'))

        @($fleetErrors).Count | Should -Be 1 -Because ($fleetErrors + $fleetWarnings | Out-String)
        $fleetErrors[0].FullyQualifiedErrorId | Should -BeLike 'HostUnreachable*'
        $fleetErrors[0].Exception.Message | Should -BeLike 'Host 127.0.0.2: cannot be reached*'
        # One clock, so no skew; and each row's window held its clients alone. (A host that a busy machine wakes late
        # may still be reported as starting apart: that warning says what happened and changes no count.)
        @($fleetWarnings | Where-Object { $_.Message -like '*clocks*' -or $_.Message -like '*busy*' }) | Should -BeNullOrEmpty

        $rows.Count | Should -Be 2
        $rows[0].PSObject.Properties.Name | Should -Be $script:Columns
        $rows.Number | Should -Be @(1, 2)
        "$($rows.Operation)" | Should -Be 'Upload Download'
        foreach ($row in $rows) {
            $row.FileSizeBytes | Should -Be 64KB
            $row.ClientWorkers | Should -Be 4 -Because 'two clients on each of the two hosts that answered'
            $row.ClientsSucceeded | Should -Be 4
            $row.ClientsFailed | Should -Be 0
            # One request per client transfer: the server counted exactly the hosts' clients in the row's window.
            $row.ServerSucceeded | Should -Be $row.ClientsSucceeded
            $row.ServerFailed | Should -Be 0
            $row.ServerWorkers | Should -Be 3
            "$($row.ServerMode)" | Should -Be 'Thread'
            $row.WallSeconds | Should -BeGreaterThan 0
            $row.AggregateThroughput | Should -BeGreaterThan 0
            $row.SecondsMax | Should -BeGreaterOrEqual $row.SecondsP50
        }
        # The rows' counts are part of what the server counted over the whole run (which adds preparation, checks, clean-up).
        $served = $after.requests.succeeded - $before.requests.succeeded
        $served | Should -BeGreaterThan ($rows | Measure-Object ServerSucceeded -Sum).Sum
        $after.requests.failed - $before.requests.failed | Should -Be 0

        # Export-Csv gives the table of a local run, and every host cleaned up after itself.
        $csv = Join-Path $TestDrive 'fleet.csv'
        $rows | Export-Csv -LiteralPath $csv
        ((Get-Content -LiteralPath $csv -TotalCount 1) -replace '"', '') | Should -Be ($script:Columns -join ',')
        @(Get-ChildItem -LiteralPath $script:root -Force).Count | Should -Be 0
    }
}
