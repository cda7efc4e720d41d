BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')
    $root = New-TestRoot
    $local = New-TestRoot
    $command = 'PoolHttp.Cmdlets.SendPoolFileCommand'
}

AfterAll {
    Get-PoolHttpServer | Stop-PoolHttpServer -Confirm:$false
    Remove-Item -LiteralPath $root -Recurse -Force
    Remove-Item -LiteralPath $local -Recurse -Force
}

Describe 'Send-PoolFile' {
    Context '<Mode> mode' -ForEach @(@{ Mode = 'Thread' }, @{ Mode = 'Process' }) {
        BeforeAll {
            $source = Join-Path $local "send $Mode"
            $null = New-TestFile -Path (Join-Path $source 'a é.bin') -Content 'alpha'
            $null = New-TestFile -Path (Join-Path $source 'b.bin') -Content 'bravo!'
            $null = New-TestFile -Path (Join-Path $source 'c.txt') -Content 'not sent'
        }

        It 'uploads Get-ChildItem output into a remote folder' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $results = Get-ChildItem -LiteralPath $source -Filter '*.bin' | Send-PoolFile -Uri (New-PoolUri $server "piped $Mode/")

            @($results).Count | Should -Be 2
            $results | Should -BeOfType 'PoolHttp.Engine.Results.PoolTransferResult'
            $results.Operation | Should -Be @('Upload', 'Upload')
            $results.StatusCode | Should -Be @(201, 201)
            $results.Source | Should -Be @((Join-Path $source 'a é.bin'), (Join-Path $source 'b.bin'))
            $results[0].Destination | Should -Be (New-PoolUri $server "piped $Mode/a é.bin").AbsoluteUri
            $results.ForEach('Length') | Should -Be @(5, 6)
            Get-Content -LiteralPath (Join-Path $root "piped $Mode/a é.bin") -Raw | Should -Be 'alpha'
            Get-Content -LiteralPath (Join-Path $root "piped $Mode/b.bin") -Raw | Should -Be 'bravo!'
            Join-Path $root "piped $Mode/c.txt" | Should -Not -Exist
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'resolves -Path wildcards against the current location, not the process directory' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            Push-Location -LiteralPath $source
            try {
                $results = Send-PoolFile -Path '*.bin' -Uri (New-PoolUri $server "wild $Mode/")
            }
            finally {
                Pop-Location
            }
            @($results).Count | Should -Be 2
            Join-Path $root "wild $Mode/a é.bin" | Should -Exist
            Join-Path $root "wild $Mode/b.bin" | Should -Exist
            Join-Path $root "wild $Mode/c.txt" | Should -Not -Exist
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'mirrors a folder tree with -Recurse under the folder''s own name, leaving out dot-names' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $tree = Join-Path $local "tree $Mode"
            $null = New-TestFile -Path (Join-Path $tree 'top é.txt') -Content 'top'
            $null = New-TestFile -Path (Join-Path $tree 'sub/inner.txt') -Content 'inner'
            $null = New-TestFile -Path (Join-Path $tree 'sub/deeper/deep.txt') -Content 'deep'
            $null = New-TestFile -Path (Join-Path $tree '.env') -Content 'secret'
            $null = New-TestFile -Path (Join-Path $tree '.git/config') -Content 'git'

            $results = Send-PoolFile -Path $tree -Uri (New-PoolUri $server "mirror $Mode/") -Recurse

            @($results).Count | Should -Be 3
            $results.StatusCode | Should -Be @(201, 201, 201)
            Get-TreeState -Path (Join-Path $root "mirror $Mode") | Should -Be @(
                Get-TreeState -Path $tree | Where-Object { $_ -notmatch '^\.' } | ForEach-Object { "tree $Mode/$_" }
                "tree $Mode|folder")
            Get-Content -LiteralPath (Join-Path $root "mirror $Mode/tree $Mode/sub/deeper/deep.txt") -Raw | Should -Be 'deep'
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'sends nothing with -WhatIf' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $before = Get-TreeState -Path $root

            $results = Get-ChildItem -LiteralPath $source | Send-PoolFile -Uri (New-PoolUri $server "whatif $Mode/") -Recurse -WhatIf

            $results | Should -BeNullOrEmpty
            Get-TreeState -Path $root | Should -Be $before
            (Get-PoolHttpServer -Port $server.Port).Requests | Should -Be 0
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'sends one file to a remote file name, then replaces it' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $target = New-PoolUri $server "named $Mode/renamed.bin"

            (Send-PoolFile -LiteralPath (Join-Path $source 'a é.bin') -Uri $target).StatusCode | Should -Be 201
            (Send-PoolFile -LiteralPath (Join-Path $source 'b.bin') -Uri $target).StatusCode | Should -Be 204

            Get-Content -LiteralPath (Join-Path $root "named $Mode/renamed.bin") -Raw | Should -Be 'bravo!'
            @(Get-ChildItem -LiteralPath (Join-Path $root "named $Mode") -Force).Name | Should -Be @('renamed.bin')
            $server | Stop-PoolHttpServer -Confirm:$false
        }
    }

    Context 'against a Thread-mode server' {
        BeforeAll {
            $server = Start-PoolHttpServer -Root $root -Port 0
            $source = Join-Path $local 'send'
            $a = New-TestFile -Path (Join-Path $source 'a.bin') -Content 'alpha'
            $b = New-TestFile -Path (Join-Path $source 'b.bin') -Content 'bravo!'
        }

        AfterAll {
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'puts several files sent to a URI without a trailing slash into a folder of that name' {
            $results = Send-PoolFile -LiteralPath @($a, $b) -Uri (New-PoolUri $server 'several')
            $results.Destination | Should -Be @((New-PoolUri $server 'several/a.bin').AbsoluteUri, (New-PoolUri $server 'several/b.bin').AbsoluteUri)
            Join-Path $root 'several/a.bin' | Should -Exist
            Join-Path $root 'several/b.bin' | Should -Exist
        }

        It 'sends a file named twice once' {
            $results = Send-PoolFile -LiteralPath @($a, $a) -Uri (New-PoolUri $server 'twice.bin')
            @($results).Count | Should -Be 1
            Get-Content -LiteralPath (Join-Path $root 'twice.bin') -Raw | Should -Be 'alpha'
        }

        It 'refuses the second of two files bound for one remote name, naming both, and sends the first' {
            $null = New-TestFile -Path (Join-Path $source 'dup/a/x.bin') -Content 'from a'
            $null = New-TestFile -Path (Join-Path $source 'dup/b/x.bin') -Content 'from b'
            $remote = New-PoolUri $server 'dup/x.bin'

            $files = @(Get-ChildItem -LiteralPath (Join-Path $source 'dup') -Recurse -File)
            $first, $second = $files.FullName

            $results = $files | Send-PoolFile -Uri (New-PoolUri $server 'dup/') -ErrorAction SilentlyContinue -ErrorVariable failures

            @($results).Count | Should -Be 1
            $results.Source | Should -Be $first
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "DuplicateRemoteName,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            $failures[0].TargetObject | Should -Be $second
            "$($failures[0])" | Should -BeLike "*$first*"
            "$($failures[0])" | Should -BeLike "*$second*"
            "$($failures[0])" | Should -BeLike "*$($remote.AbsoluteUri)*"
            Get-Content -LiteralPath (Join-Path $root 'dup/x.bin') -Raw | Should -Be (Get-Content -LiteralPath $first -Raw)
            @(Get-ChildItem -LiteralPath (Join-Path $root 'dup') -Force).Name | Should -Be @('x.bin')
        }

        It 'sends each piped file as it arrives when -Uri is a folder' {
            $script:seen = $null
            $results = & {
                Get-Item -LiteralPath $a
                $script:seen = Test-Path -LiteralPath (Join-Path $root 'stream/a.bin')
                Get-Item -LiteralPath $b
            } | Send-PoolFile -Uri (New-PoolUri $server 'stream/')
            $script:seen | Should -BeTrue
            @($results).Count | Should -Be 2
        }

        It 'waits for the end of the input when -Uri names a remote file' {
            $script:seen = $null
            $result = & {
                Get-Item -LiteralPath $a
                $script:seen = Test-Path -LiteralPath (Join-Path $root 'waited.bin')
            } | Send-PoolFile -Uri (New-PoolUri $server 'waited.bin')
            $script:seen | Should -BeFalse
            $result.Destination | Should -Be (New-PoolUri $server 'waited.bin').AbsoluteUri
            Get-Content -LiteralPath (Join-Path $root 'waited.bin') -Raw | Should -Be 'alpha'
        }

        It 'asks before each file, naming it and its remote URI, when $ConfirmPreference is Medium (ConfirmImpact Medium, as Copy-Item)' {
            $session = New-PoolSession
            try {
                $send = 'param($File, $Uri, $Preference) $ConfirmPreference = $Preference; Send-PoolFile -LiteralPath $File -Uri $Uri'
                $null = $session.AddScript($send).AddArgument($a).AddArgument((New-PoolUri $server 'confirm/')).AddArgument('Medium').Invoke()
                # A hosted session cannot answer a prompt: the prompt itself is the error.
                $session.Streams.Error.Count | Should -Be 1
                $session.Streams.Error[0].FullyQualifiedErrorId | Should -Be "HostFunctionNotImplemented,$command"
                "$($session.Streams.Error[0])" | Should -BeLike "*Upload local file '$a'*$((New-PoolUri $server 'confirm/a.bin').AbsoluteUri)*"
                Join-Path $root 'confirm' | Should -Not -Exist

                $session.Commands.Clear()
                $session.Streams.ClearStreams()
                $sent = $session.AddScript($send).AddArgument($a).AddArgument((New-PoolUri $server 'confirm/')).AddArgument('High').Invoke()
                $session.Streams.Error.Count | Should -Be 0
                $sent[0].StatusCode | Should -Be 201
                Join-Path $root 'confirm/a.bin' | Should -Exist
            }
            finally {
                $session.Dispose()
            }
        }

        It 'sends a browser form with -Multipart' {
            $result = Send-PoolFile -LiteralPath $b -Uri (New-PoolUri $server 'forms/') -Multipart
            $result.StatusCode | Should -Be 201
            Get-Content -LiteralPath (Join-Path $root 'forms/b.bin') -Raw | Should -Be 'bravo!'
        }

        It 'refuses to replace a remote file with -NoOverwrite, and the old file stays' {
            $null = New-TestFile -Path (Join-Path $root 'keep/a.bin') -Content 'original'
            $result = Send-PoolFile -LiteralPath $a -Uri (New-PoolUri $server 'keep/') -NoOverwrite -ErrorAction SilentlyContinue -ErrorVariable failures
            $result | Should -BeNullOrEmpty
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "RemoteConflict,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            $failures[0].TargetObject | Should -Be (New-PoolUri $server 'keep/a.bin')
            $failures[0].ErrorDetails.Message | Should -Not -BeNullOrEmpty
            Get-Content -LiteralPath (Join-Path $root 'keep/a.bin') -Raw | Should -Be 'original'
        }

        It 'replaces a remote file with -IfMatch only while it is the version named' {
            $null = New-TestFile -Path (Join-Path $root 'ifmatch/a.bin') -Content 'original'
            $remote = New-PoolUri $server 'ifmatch/a.bin'
            $result = Send-PoolFile -LiteralPath $a -Uri $remote -IfMatch '"stale"' -ErrorAction SilentlyContinue -ErrorVariable failures
            $result | Should -BeNullOrEmpty
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "RemoteConflict,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            "$($failures[0])" | Should -BeLike "PUT $($remote.AbsoluteUri): 412 Precondition Failed: *If-Match*"
            Get-Content -LiteralPath (Join-Path $root 'ifmatch/a.bin') -Raw | Should -Be 'original'

            $etag = "$((Invoke-WebRequest -Method Head -Uri $remote -UseBasicParsing).Headers.ETag)"
            $replaced = Send-PoolFile -LiteralPath $a -Uri $remote -IfMatch $etag
            $replaced.StatusCode | Should -Be 204
            Get-Content -LiteralPath (Join-Path $root 'ifmatch/a.bin') -Raw | Should -Be 'alpha'
        }

        It 'writes one error per failed file and sends the others' {
            $missing = Join-Path $source 'missing.bin'
            $results = Send-PoolFile -LiteralPath @($missing, $b) -Uri (New-PoolUri $server 'partly/') -ErrorAction SilentlyContinue -ErrorVariable failures
            @($results).Count | Should -Be 1
            $results.Source | Should -Be $b
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "PathNotFound,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].TargetObject | Should -Be $missing
            Join-Path $root 'partly/b.bin' | Should -Exist
            Join-Path $root 'partly/missing.bin' | Should -Not -Exist
        }

        It 'writes PathNotFound for a -Path without wildcards that does not exist' {
            Send-PoolFile -Path (Join-Path $source 'nothing here.bin') -Uri $server.Uri -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "PathNotFound,$command"
        }

        It 'writes InvalidArgument for a folder without -Recurse and sends the other items' {
            Send-PoolFile -LiteralPath @($source, $b) -Uri (New-PoolUri $server 'folders/') -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "InvalidArgument,$command"
            $failures[0].TargetObject | Should -Be $source
            @(Get-ChildItem -LiteralPath (Join-Path $root 'folders') -Recurse -Force).Name | Should -Be @('b.bin')
        }

        It 'ends with InvalidArgument for a URI that is not http' {
            { Send-PoolFile -LiteralPath $a -Uri 'ftp://127.0.0.1/up/' } | Should -Throw -ErrorId "InvalidArgument,$command"
        }

        It 'ends with InvalidArgument for -NoOverwrite with -Multipart, before sending anything' {
            { Send-PoolFile -LiteralPath $a -Uri (New-PoolUri $server 'both/') -NoOverwrite -Multipart } | Should -Throw -ErrorId "InvalidArgument,$command"
            Join-Path $root 'both' | Should -Not -Exist
        }

        It 'validates -TimeoutSec' {
            { Send-PoolFile -LiteralPath $a -Uri $server.Uri -TimeoutSec -1 } | Should -Throw -ErrorId "ParameterArgumentValidationError,$command"
        }
    }

    It 'writes ServerUnreachable when nothing listens on the port' {
        $file = New-TestFile -Path (Join-Path $local 'lonely.bin') -Content 'x'
        $port = Get-FreePort
        Send-PoolFile -LiteralPath $file -Uri "http://127.0.0.1:$port/up/" -ErrorAction SilentlyContinue -ErrorVariable failures
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

        It 'refuses to send -Credential over http:// without -AllowUnencryptedAuthentication, and sends nothing' {
            $file = New-TestFile -Path (Join-Path $local 'guarded.bin') -Content 'guarded'
            $before = Get-TreeState -Path $root
            Send-PoolFile -LiteralPath $file -Uri (New-PoolUri $server 'guarded/') -Credential $credential -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "UnencryptedAuthentication,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failures[0].ToString() | Should -BeLike "PUT $((New-PoolUri $server 'guarded/guarded.bin').AbsoluteUri): Refusing to send the credential unencrypted*"
            (Get-PoolHttpServer -Port $server.Port).Requests | Should -Be 0
            Get-TreeState -Path $root | Should -Be $before

            $result = Send-PoolFile -LiteralPath $file -Uri (New-PoolUri $server 'guarded/') -Credential $credential -AllowUnencryptedAuthentication
            $result.StatusCode | Should -Be 201
            Get-Content -LiteralPath (Join-Path $root 'guarded/guarded.bin') -Raw | Should -Be 'guarded'
        }
    }
}
