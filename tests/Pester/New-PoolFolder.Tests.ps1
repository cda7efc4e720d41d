BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')
    $root = New-TestRoot
    $command = 'PoolHttp.Cmdlets.NewPoolFolderCommand'
}

AfterAll {
    Get-PoolHttpServer | Stop-PoolHttpServer -Confirm:$false
    Remove-Item -LiteralPath $root -Recurse -Force
}

Describe 'New-PoolFolder' {
    Context '<Mode> mode' -ForEach @(@{ Mode = 'Thread' }, @{ Mode = 'Process' }) {
        BeforeAll {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
        }

        AfterAll {
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'creates the folder and writes it as a PoolFileInfo' {
            $folder = New-PoolFolder -Uri (New-PoolUri $server "new $Mode é") -Confirm:$false
            $folder | Should -BeOfType ([PoolHttp.Engine.Results.PoolFileInfo])
            $folder.Name | Should -Be "new $Mode é"
            $folder.Type | Should -Be 'Directory'
            $folder.Uri.AbsolutePath | Should -BeLike '*/'
            Join-Path $root "new $Mode é" | Should -Exist
            (Get-Item -LiteralPath (Join-Path $root "new $Mode é")).PSIsContainer | Should -BeTrue
        }

        It 'creates folders named by URL strings from the pipeline, parent first' {
            "$($server.Uri)tree $Mode/", "$($server.Uri)tree $Mode/inner/" | New-PoolFolder -Confirm:$false | Should -HaveCount 2
            Join-Path $root "tree $Mode/inner" | Should -Exist
        }

        It 'creates nothing with -WhatIf' {
            $before = Get-TreeState -Path $root
            New-PoolFolder -Uri (New-PoolUri $server "whatif $Mode") -WhatIf
            Get-TreeState -Path $root | Should -Be $before
        }

        It 'writes RemoteConflict when the folder exists or its parent is missing, and changes nothing' {
            $null = New-PoolFolder -Uri (New-PoolUri $server "twice $Mode") -Confirm:$false
            $before = Get-TreeState -Path $root
            New-PoolFolder -Uri (New-PoolUri $server "twice $Mode") -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failures
            New-PoolFolder -Uri (New-PoolUri $server "missing $Mode/child") -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable +failures
            $failures.Count | Should -Be 2
            $failures | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be "RemoteConflict,$command" }
            $failures[0].ToString() | Should -BeLike '*405*'
            $failures[1].ToString() | Should -BeLike '*409*'
            Get-TreeState -Path $root | Should -Be $before
        }
    }

    It 'writes RemoteAccessDenied on a read-only server and creates nothing' {
        $server = Start-PoolHttpServer -Root $root -Port 0 -ReadOnly
        New-PoolFolder -Uri (New-PoolUri $server 'refused') -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "RemoteAccessDenied,$command"
        Join-Path $root 'refused' | Should -Not -Exist
        $server | Stop-PoolHttpServer -Confirm:$false
    }
}
