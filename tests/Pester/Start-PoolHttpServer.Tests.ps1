BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')
    $root = New-TestRoot
    Set-Content -LiteralPath (Join-Path $root 'a.txt') -Value 'hello' -NoNewline
}

AfterAll {
    Get-PoolHttpServer | Stop-PoolHttpServer -Confirm:$false
    Remove-Item -LiteralPath $root -Recurse -Force
}

Describe 'Start-PoolHttpServer' {
    Context '<Mode> mode' -ForEach @(@{ Mode = 'Thread' }, @{ Mode = 'Process' }) {
        It 'starts on a free port and returns the server object' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode -Workers 2
            $server | Should -BeOfType 'PoolHttp.Engine.Results.PoolServerInfo'
            $server.Port | Should -BeGreaterThan 0
            $server.Address | Should -Be '127.0.0.1'
            $server.Mode | Should -Be $Mode
            $server.Workers | Should -Be 2
            $server.Root | Should -Be $root
            $server.Uri | Should -Be "http://127.0.0.1:$($server.Port)/"
            $server.State | Should -Be 'Running'
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'serves the root in the background of the session' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            (Invoke-PoolGet -Uri $server.Uri -Path '/.poolhttp/health').Content | Should -Be 'ok'
            (Invoke-PoolGet -Uri $server.Uri -Path '/a.txt').Content | Should -Be 'hello'
            (Get-PoolHttpServer -Port $server.Port).Port | Should -Be $server.Port
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'refuses writes with -ReadOnly' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode -ReadOnly
            $put = Invoke-WebRequest -Uri ([Uri]::new($server.Uri, '/new.txt')) -Method Put -Body 'x' -SkipHttpErrorCheck
            $put.StatusCode | Should -Be 405
            Join-Path $root 'new.txt' | Should -Not -Exist
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'serves WebDAV with -WebDav' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode -WebDav
            $options = Invoke-WebRequest -Uri $server.Uri -Method Options
            $options.Headers['DAV'] | Should -Be '1, 2'
            $find = Invoke-WebRequest -Uri ([Uri]::new($server.Uri, '/a.txt')) -CustomMethod PROPFIND -Headers @{ Depth = '0' } -SkipHttpErrorCheck
            $find.StatusCode | Should -Be 207
            ([xml]$find.Content).multistatus.response.propstat.prop.getcontentlength | Should -Be '5'
            $server | Stop-PoolHttpServer -Confirm:$false
        }
    }

    It 'resolves -Root against the current location' {
        Push-Location -LiteralPath $root
        try {
            $server = Start-PoolHttpServer -Root . -Port 0
            $server.Root | Should -Be $root
            $server | Stop-PoolHttpServer -Confirm:$false
        }
        finally {
            Pop-Location
        }
    }

    It 'starts nothing with -WhatIf' {
        $port = Get-FreePort
        Start-PoolHttpServer -Root $root -Port $port -WhatIf | Should -BeNullOrEmpty
        Test-PortRefused -Port $port | Should -BeTrue
        Get-PoolHttpServer | Where-Object Port -EQ $port | Should -BeNullOrEmpty
    }

    It 'ends with PortUnavailable when the port is taken' {
        $other = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $other.Start()
        try {
            { Start-PoolHttpServer -Root $root -Port $other.LocalEndpoint.Port } |
                Should -Throw -ErrorId 'PortUnavailable,PoolHttp.Cmdlets.StartPoolHttpServerCommand'
        }
        finally {
            $other.Stop()
        }
    }

    It 'ends with PathNotFound about the path when the root does not exist' {
        $missing = Join-Path $root 'no such folder'
        $failure = { Start-PoolHttpServer -Root $missing -Port 0 } |
            Should -Throw -ErrorId 'PathNotFound,PoolHttp.Cmdlets.StartPoolHttpServerCommand' -PassThru
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure.TargetObject | Should -Be $missing
        $failure.ToString() | Should -BeExactly "$missing`: The root folder does not exist."
        $missing | Should -Not -Exist
    }

    It 'says with -Verbose how it runs: mode, workers, root and URI' {
        $lines = @(Start-PoolHttpServer -Root $root -Port 0 -Workers 3 -Verbose 4>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.VerboseRecord]) { $_.Message } else { $server = $_ }
            })
        $server | Stop-PoolHttpServer -Confirm:$false
        $lines | Should -Contain "Started: Thread mode, 3 workers, serving '$root' at $($server.Uri)."
    }

    It 'validates -Workers and -Port before starting anything' {
        { Start-PoolHttpServer -Root $root -Port 0 -Workers 0 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,PoolHttp.Cmdlets.StartPoolHttpServerCommand'
        { Start-PoolHttpServer -Root $root -Port 70000 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,PoolHttp.Cmdlets.StartPoolHttpServerCommand'
    }

    It 'ends with InvalidArgument, naming where to look, for a congestion control the kernel lacks' {
        $port = Get-FreePort
        $failure = { Start-PoolHttpServer -Root $root -Port $port -CongestionControl nosuchalgo } |
            Should -Throw -ErrorId 'InvalidArgument,PoolHttp.Cmdlets.StartPoolHttpServerCommand' -PassThru
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.ToString() | Should -Match "'nosuchalgo' cannot be set.*tcp_available_congestion_control"
        Test-PortRefused -Port $port | Should -BeTrue
        Get-PoolHttpServer | Where-Object Port -EQ $port | Should -BeNullOrEmpty
    }

    It 'serves with -CongestionControl system as with the default' {
        $server = Start-PoolHttpServer -Root $root -Port 0 -CongestionControl system
        (Invoke-PoolGet -Uri $server.Uri -Path '/a.txt').Content | Should -Be 'hello'
        $server | Stop-PoolHttpServer -Confirm:$false
    }

    It 'serves in the foreground with -Wait until the pipeline is stopped, then stops the server' {
        $port = Get-FreePort
        $session = New-PoolSession
        try {
            $null = $session.AddCommand('Start-PoolHttpServer').AddParameter('Root', $root).AddParameter('Port', $port).AddParameter('Wait')
            $running = $session.BeginInvoke()
            Wait-Until { -not (Test-PortRefused -Port $port) }
            (Invoke-PoolGet -Uri "http://127.0.0.1:$port/" -Path '/a.txt').Content | Should -Be 'hello'
            $running.IsCompleted | Should -BeFalse

            $session.Stop()   # what Ctrl+C does: StopProcessing

            Test-PortRefused -Port $port | Should -BeTrue
            $session.Commands.Clear()
            $session.AddCommand('Get-PoolHttpServer').Invoke() | Should -BeNullOrEmpty
        }
        finally {
            $session.Dispose()
        }
    }
}
