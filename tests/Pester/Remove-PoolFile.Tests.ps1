BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')
    $root = New-TestRoot
    $command = 'PoolHttp.Cmdlets.RemovePoolFileCommand'
}

AfterAll {
    Get-PoolHttpServer | Stop-PoolHttpServer -Confirm:$false
    Remove-Item -LiteralPath $root -Recurse -Force
}

Describe 'Remove-PoolFile' {
    Context '<Mode> mode' -ForEach @(@{ Mode = 'Thread' }, @{ Mode = 'Process' }) {
        BeforeEach {
            $folder = "remove $Mode"
            $null = New-TestFile -Path (Join-Path $root "$folder/a é.txt") -Content 'a'
            $null = New-TestFile -Path (Join-Path $root "$folder/b.txt") -Content 'b'
            $null = New-TestFile -Path (Join-Path $root "$folder/sub/c.txt") -Content 'c'
        }

        AfterEach {
            $leftover = Join-Path $root "remove $Mode"
            if (Test-Path -LiteralPath $leftover) { Remove-Item -LiteralPath $leftover -Recurse -Force }
        }

        It 'deletes nothing with -WhatIf' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $before = Get-TreeState -Path $root

            Remove-PoolFile -Uri (New-PoolUri $server "$folder/b.txt") -WhatIf
            Remove-PoolFile -Uri (New-PoolUri $server "$folder/") -Recurse -WhatIf
            Get-PoolFileList -Uri (New-PoolUri $server "$folder/") -Recurse | Remove-PoolFile -Recurse -WhatIf

            Get-TreeState -Path $root | Should -Be $before
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'deletes a file and writes nothing' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            Remove-PoolFile -Uri (New-PoolUri $server "$folder/a é.txt") -Confirm:$false | Should -BeNullOrEmpty
            Join-Path $root "$folder/a é.txt" | Should -Not -Exist
            Join-Path $root "$folder/b.txt" | Should -Exist
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'deletes the files Get-PoolFileList lists' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            Get-PoolFileList -Uri (New-PoolUri $server "$folder/") | Where-Object Type -EQ 'File' | Remove-PoolFile -Confirm:$false
            @(Get-ChildItem -LiteralPath (Join-Path $root $folder) -Force).Name | Should -Be @('sub')
            Join-Path $root "$folder/sub/c.txt" | Should -Exist
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'refuses a folder that is not empty without -Recurse, and deletes it with -Recurse' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $uri = New-PoolUri $server "$folder/"
            $before = Get-TreeState -Path $root

            Remove-PoolFile -Uri $uri -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "RemoteConflict,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'WriteError'
            $failures[0].TargetObject | Should -Be $uri
            $failures[0].ErrorDetails.Message | Should -Not -BeNullOrEmpty
            Get-TreeState -Path $root | Should -Be $before

            Remove-PoolFile -Uri $uri -Recurse -Confirm:$false
            Join-Path $root $folder | Should -Not -Exist
            $server | Stop-PoolHttpServer -Confirm:$false
        }
    }

    Context 'against a Thread-mode server' {
        BeforeAll {
            $server = Start-PoolHttpServer -Root $root -Port 0
        }

        AfterAll {
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'writes RemoteFileNotFound for a file already gone and deletes the others' {
            $null = New-TestFile -Path (Join-Path $root 'here.txt') -Content 'here'
            $items = @(
                [pscustomobject]@{ Uri = (New-PoolUri $server 'gone.txt') }
                [pscustomobject]@{ Uri = (New-PoolUri $server 'here.txt') }
            )
            $items | Remove-PoolFile -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "RemoteFileNotFound,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].TargetObject | Should -Be (New-PoolUri $server 'gone.txt')
            Join-Path $root 'here.txt' | Should -Not -Exist
        }

        It 'deletes a URL string and a [uri] piped by value' {
            $null = New-TestFile -Path (Join-Path $root 'by string.txt') -Content 's'
            $null = New-TestFile -Path (Join-Path $root 'by uri.txt') -Content 'u'
            $null = New-TestFile -Path (Join-Path $root 'kept.txt') -Content 'k'

            (New-PoolUri $server 'by string.txt').AbsoluteUri | Remove-PoolFile -Confirm:$false
            [uri](New-PoolUri $server 'by uri.txt') | Remove-PoolFile -Confirm:$false

            Join-Path $root 'by string.txt' | Should -Not -Exist
            Join-Path $root 'by uri.txt' | Should -Not -Exist
            Join-Path $root 'kept.txt' | Should -Exist
        }

        It 'deletes without asking with -Force, asks with -Force -Confirm, and only tells with -Force -WhatIf' {
            $session = New-PoolSession
            try {
                # A hosted session cannot answer a prompt: a prompt shows as the error HostFunctionNotImplemented.
                $remove = {
                    param([string] $Name, [string] $Script)
                    $null = New-TestFile -Path (Join-Path $root $Name) -Content 'x'
                    $session.Commands.Clear()
                    $session.Streams.ClearStreams()
                    $null = $session.AddScript("param(`$Uri) $Script").AddArgument((New-PoolUri $server $Name)).Invoke()
                    @($session.Streams.Error | ForEach-Object FullyQualifiedErrorId)
                }

                & $remove 'asked.txt' '$Uri | Remove-PoolFile' | Should -Be @("HostFunctionNotImplemented,$command")
                Join-Path $root 'asked.txt' | Should -Exist

                & $remove 'forced.txt' '$Uri | Remove-PoolFile -Force' | Should -BeNullOrEmpty
                Join-Path $root 'forced.txt' | Should -Not -Exist

                & $remove 'confirmed.txt' '$Uri | Remove-PoolFile -Force -Confirm' | Should -Be @("HostFunctionNotImplemented,$command")
                Join-Path $root 'confirmed.txt' | Should -Exist

                & $remove 'whatif.txt' '$Uri | Remove-PoolFile -Force -WhatIf' | Should -BeNullOrEmpty
                Join-Path $root 'whatif.txt' | Should -Exist

                & $remove 'preference.txt' '$WhatIfPreference = $true; $Uri | Remove-PoolFile -Force' | Should -BeNullOrEmpty
                Join-Path $root 'preference.txt' | Should -Exist
            }
            finally {
                $session.Dispose()
            }
        }

        It 'writes RemoteAccessDenied for the root folder and keeps it' {
            Remove-PoolFile -Uri $server.Uri -Recurse -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "RemoteAccessDenied,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $root | Should -Exist
        }

        It 'writes InvalidArgument for a URI that is not http' {
            Remove-PoolFile -Uri 'ftp://127.0.0.1/x' -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "InvalidArgument,$command"
        }
    }

    It 'writes RemoteAccessDenied on a read-only server and deletes nothing' {
        $null = New-TestFile -Path (Join-Path $root 'protected.txt') -Content 'stays'
        $server = Start-PoolHttpServer -Root $root -Port 0 -ReadOnly
        $before = Get-TreeState -Path $root
        Remove-PoolFile -Uri (New-PoolUri $server 'protected.txt') -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "RemoteAccessDenied,$command"
        Get-TreeState -Path $root | Should -Be $before
        $server | Stop-PoolHttpServer -Confirm:$false
    }

    It 'asks for confirmation unless told otherwise (ConfirmImpact High)' {
        $attribute = (Get-Command Remove-PoolFile).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)
        $attribute.SupportsShouldProcess | Should -BeTrue
        $attribute.ConfirmImpact | Should -Be 'High'
    }

    It 'writes ServerUnreachable when nothing listens on the port' {
        $port = Get-FreePort
        Remove-PoolFile -Uri "http://127.0.0.1:$port/a.txt" -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "ServerUnreachable,$command"
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    Context 'against a server that requires a credential' {
        BeforeAll {
            $credential = [pscredential]::new('anna', (ConvertTo-SecureString 's3cret pass' -AsPlainText -Force))
            $server = Start-PoolHttpServer -Root $root -Port 0 -Credential $credential
        }

        AfterAll {
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'refuses to send -Credential over http:// without -AllowUnencryptedAuthentication, and deletes nothing' {
            $null = New-TestFile -Path (Join-Path $root 'guarded.txt') -Content 'keep'
            Remove-PoolFile -Uri (New-PoolUri $server 'guarded.txt') -Credential $credential -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "UnencryptedAuthentication,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failures[0].ToString() | Should -BeLike "DELETE $((New-PoolUri $server 'guarded.txt').AbsoluteUri): Refusing to send the credential unencrypted*"
            (Get-PoolHttpServer -Port $server.Port).Requests | Should -Be 0
            Join-Path $root 'guarded.txt' | Should -Exist

            Remove-PoolFile -Uri (New-PoolUri $server 'guarded.txt') -Credential $credential -AllowUnencryptedAuthentication -Confirm:$false
            Join-Path $root 'guarded.txt' | Should -Not -Exist
        }
    }
}
