BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')
    $root = New-TestRoot
}

AfterAll {
    Get-PoolHttpServer | Stop-PoolHttpServer -Confirm:$false
    Remove-Item -LiteralPath $root -Recurse -Force
}

Describe 'Stop-PoolHttpServer' {
    Context '<Mode> mode' -ForEach @(@{ Mode = 'Thread' }, @{ Mode = 'Process' }) {
        It 'stops a server by -Port' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            Stop-PoolHttpServer -Port $server.Port -Confirm:$false | Should -BeNullOrEmpty
            Test-PortRefused -Port $server.Port | Should -BeTrue
            Get-PoolHttpServer | Where-Object Port -EQ $server.Port | Should -BeNullOrEmpty
        }

        It 'stops the servers piped to it' {
            $servers = @(
                Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
                Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            )
            $servers | Stop-PoolHttpServer -Confirm:$false
            foreach ($server in $servers) { Test-PortRefused -Port $server.Port | Should -BeTrue }
        }

        It 'stops the server objects given by position, as Stop-Job takes jobs' {
            $first = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $second = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            Stop-PoolHttpServer $first -Confirm:$false | Should -BeNullOrEmpty
            Test-PortRefused -Port $first.Port | Should -BeTrue
            $first.State | Should -Be 'Stopped'
            $second.State | Should -Be 'Running'
            Stop-PoolHttpServer -InputObject $second -Confirm:$false
            Test-PortRefused -Port $second.Port | Should -BeTrue
        }

        It 'writes the stopped server with -PassThru' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $null = Invoke-PoolGet -Uri $server.Uri -Path '/.poolhttp/health'
            Wait-Until { (Get-PoolHttpServer -Port $server.Port).Requests -eq 1 }

            $stopped = $server | Stop-PoolHttpServer -PassThru -Confirm:$false

            @($stopped).Count | Should -Be 1
            $stopped | Should -BeOfType 'PoolHttp.Engine.Results.PoolServerInfo'
            $stopped.Port | Should -Be $server.Port
            $stopped.State | Should -Be 'Stopped'
            $stopped.Requests | Should -Be 1
            $stopped.Succeeded | Should -Be 1
            Test-PortRefused -Port $server.Port | Should -BeTrue
        }

        It 'leaves a server object held in a variable showing live statistics, then Stopped' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $server.State | Should -Be 'Running'
            $server.Requests | Should -Be 0

            $null = Invoke-PoolGet -Uri $server.Uri -Path '/.poolhttp/health'
            $null = Invoke-PoolGet -Uri $server.Uri -Path '/missing.txt'
            Wait-Until { $server.Requests -eq 2 }
            $server.Succeeded | Should -Be 2
            $server.BytesSent | Should -BeGreaterThan 0

            $server | Stop-PoolHttpServer -Confirm:$false

            $server.State | Should -Be 'Stopped'
            $server.Requests | Should -Be 2
            $row = $server | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
            $row.State | Should -Be 'Stopped'
            $row.Requests | Should -Be '2'
        }
    }

    It 'stops every server of the session from Get-PoolHttpServer' {
        $null = Start-PoolHttpServer -Root $root -Port 0
        $null = Start-PoolHttpServer -Root $root -Port 0
        Get-PoolHttpServer | Stop-PoolHttpServer -Confirm:$false
        Get-PoolHttpServer | Should -BeNullOrEmpty
    }

    It 'says with -Verbose the final counts of each server it stops' {
        $server = Start-PoolHttpServer -Root $root -Port 0
        $null = Invoke-PoolGet -Uri $server.Uri -Path '/.poolhttp/health'
        Wait-Until { (Get-PoolHttpServer -Port $server.Port).Requests -ge 1 }
        $lines = @($server | Stop-PoolHttpServer -Confirm:$false -Verbose 4>&1 | ForEach-Object Message)
        # The health answer's body is 'ok': 2 bytes.
        $lines | Should -Contain "Stopped $($server.Uri) after 1 request (1 succeeded, 0 failed, 0 active), 0 bytes received, 2 bytes sent."
    }

    It 'leaves the server running with -WhatIf' {
        $server = Start-PoolHttpServer -Root $root -Port 0
        $server | Stop-PoolHttpServer -WhatIf
        Test-PortRefused -Port $server.Port | Should -BeFalse
        (Get-PoolHttpServer -Port $server.Port).State | Should -Be 'Running'
        $server | Stop-PoolHttpServer -Confirm:$false
    }

    It 'writes ServerNotFound for a port without server and stops the others' {
        $server = Start-PoolHttpServer -Root $root -Port 0
        $free = Get-FreePort
        Stop-PoolHttpServer -Port @($free, $server.Port) -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ServerNotFound,PoolHttp.Cmdlets.StopPoolHttpServerCommand'
        $failures[0].TargetObject | Should -Be $free
        Test-PortRefused -Port $server.Port | Should -BeTrue
    }

    It 'stops only the server on the given -Address' {
        $server = Start-PoolHttpServer -Root $root -Port 0
        Stop-PoolHttpServer -Port $server.Port -Address '::1' -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -Be 'ServerNotFound,PoolHttp.Cmdlets.StopPoolHttpServerCommand'
        Test-PortRefused -Port $server.Port | Should -BeFalse
        Stop-PoolHttpServer -Port $server.Port -Address '127.0.0.1' -Confirm:$false
        Test-PortRefused -Port $server.Port | Should -BeTrue
    }

    It 'stops the servers of a session when that session closes' {
        $session = New-PoolSession
        $started = $session.AddCommand('Start-PoolHttpServer').AddParameter('Root', $root).AddParameter('Port', 0).Invoke()
        Test-PortRefused -Port $started[0].Port | Should -BeFalse
        $session.Dispose()
        Wait-Until { Test-PortRefused -Port $started[0].Port }
    }

    It 'stops the servers of a session when the module is removed' {
        $session = New-PoolSession
        $started = $session.AddCommand('Start-PoolHttpServer').AddParameter('Root', $root).AddParameter('Port', 0).Invoke()
        $session.Commands.Clear()
        $null = $session.AddCommand('Remove-Module').AddParameter('Name', 'PoolHttp').Invoke()
        Test-PortRefused -Port $started[0].Port | Should -BeTrue
        $session.Dispose()
    }
}
