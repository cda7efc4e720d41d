BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')
    $root = New-TestRoot
    Set-Content -LiteralPath (Join-Path $root 'a.txt') -Value 'hello' -NoNewline
}

AfterAll {
    Get-PoolHttpServer | Stop-PoolHttpServer -Confirm:$false
    Remove-Item -LiteralPath $root -Recurse -Force
}

Describe 'Get-PoolHttpServer' {
    Context '<Mode> mode' -ForEach @(@{ Mode = 'Thread' }, @{ Mode = 'Process' }) {
        It 'shows live statistics' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            (Get-PoolHttpServer -Port $server.Port).Requests | Should -Be 0
            $null = Invoke-PoolGet -Uri $server.Uri -Path '/a.txt'
            $null = Invoke-PoolGet -Uri $server.Uri -Path '/missing.txt'

            Wait-Until { (Get-PoolHttpServer -Port $server.Port).Requests -eq 2 }
            $now = Get-PoolHttpServer -Port $server.Port
            $now.Succeeded | Should -Be 2
            $now.Failed | Should -Be 0
            $now.BytesSent | Should -BeGreaterThan 0
            $now.Mode | Should -Be $Mode
            $server | Stop-PoolHttpServer -Confirm:$false
        }
    }

    It 'lists every server of the session without -Port' {
        $a = Start-PoolHttpServer -Root $root -Port 0
        $b = Start-PoolHttpServer -Root $root -Port 0
        $ports = (Get-PoolHttpServer).Port
        $ports | Should -Contain $a.Port
        $ports | Should -Contain $b.Port
        Stop-PoolHttpServer -Port @($a.Port, $b.Port) -Confirm:$false
    }

    It 'takes server objects from the pipeline' {
        $server = Start-PoolHttpServer -Root $root -Port 0
        ($server | Get-PoolHttpServer).Port | Should -Be $server.Port
        $server | Stop-PoolHttpServer -Confirm:$false
    }

    It 'writes ServerNotFound for a port without server and goes on' {
        $server = Start-PoolHttpServer -Root $root -Port 0
        $free = Get-FreePort
        $found = Get-PoolHttpServer -Port @($free, $server.Port) -ErrorAction SilentlyContinue -ErrorVariable failures
        $found.Port | Should -Be $server.Port
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ServerNotFound,PoolHttp.Cmdlets.GetPoolHttpServerCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be $free
        $server | Stop-PoolHttpServer -Confirm:$false
    }

    It 'exports flat columns in the documented order' {
        $server = Start-PoolHttpServer -Root $root -Port 0
        $header = ($server | ConvertTo-Csv -NoTypeInformation)[0]
        $header | Should -Be '"Port","Address","Mode","Workers","Root","Uri","StartedAt","Requests","Succeeded","Failed","Active","BytesReceived","BytesSent","State"'
        $server | Stop-PoolHttpServer -Confirm:$false
    }

    It 'does not list the servers of another session' {
        $server = Start-PoolHttpServer -Root $root -Port 0
        $session = New-PoolSession
        try {
            $session.AddCommand('Get-PoolHttpServer').Invoke() | Should -BeNullOrEmpty
        }
        finally {
            $session.Dispose()
        }
        $server | Stop-PoolHttpServer -Confirm:$false
    }
}
