BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')
    $root = New-TestRoot
    $command = 'PoolHttp.Cmdlets.GetPoolFileListCommand'
}

AfterAll {
    Get-PoolHttpServer | Stop-PoolHttpServer -Confirm:$false
    Remove-Item -LiteralPath $root -Recurse -Force
}

Describe 'Get-PoolFileList' {
    Context '<Mode> mode' -ForEach @(@{ Mode = 'Thread' }, @{ Mode = 'Process' }) {
        BeforeAll {
            $folder = "list $Mode"
            $null = New-TestFile -Path (Join-Path $root "$folder/b.txt") -Content 'bbb'
            $null = New-TestFile -Path (Join-Path $root "$folder/a é.txt") -Content 'a'
            $null = New-TestFile -Path (Join-Path $root "$folder/sub/c.txt") -Content 'cc'
            $null = New-TestFile -Path (Join-Path $root "$folder/.hidden") -Content 'never listed'
        }

        It 'lists a folder as objects sorted by name, without hidden entries' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $entries = Get-PoolFileList -Uri (New-PoolUri $server "$folder/")

            $entries | Should -BeOfType 'PoolHttp.Engine.Results.PoolFileInfo'
            $entries.Name | Should -Be @('a é.txt', 'b.txt', 'sub')
            $entries.Type | Should -Be @('File', 'File', 'Directory')
            $entries.Size | Should -Be @(1, 3, 0)
            $entries[0].Uri | Should -Be (New-PoolUri $server "$folder/a é.txt")
            $entries[2].Uri | Should -Be (New-PoolUri $server "$folder/sub/")
            $entries[1].Modified.Kind | Should -Be 'Utc'
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'lists every folder below with -Recurse, each folder followed by its contents' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $entries = Get-PoolFileList -Uri (New-PoolUri $server $folder) -Recurse
            $entries.Name | Should -Be @('a é.txt', 'b.txt', 'sub', 'c.txt')
            $entries[3].Uri | Should -Be (New-PoolUri $server "$folder/sub/c.txt")
            $server | Stop-PoolHttpServer -Confirm:$false
        }
    }

    Context 'against a Thread-mode server' {
        BeforeAll {
            $server = Start-PoolHttpServer -Root $root -Port 0
            $null = New-TestFile -Path (Join-Path $root 'piped/one/x.txt') -Content 'x'
            $null = New-TestFile -Path (Join-Path $root 'piped/two/y.txt') -Content 'yy'
        }

        AfterAll {
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'lists the root of a server object piped to it' {
            $names = ($server | Get-PoolFileList).Name
            $names | Should -Contain 'piped'
        }

        It 'lists a [uri] and a URL string piped by value' {
            ([uri](New-PoolUri $server 'piped/one/') | Get-PoolFileList).Name | Should -Be @('x.txt')
            ((New-PoolUri $server 'piped/two/').AbsoluteUri | Get-PoolFileList).Name | Should -Be @('y.txt')
        }

        It 'lists the folders of another listing piped to it' {
            $entries = Get-PoolFileList -Uri (New-PoolUri $server 'piped/') | Get-PoolFileList
            $entries.Name | Should -Be @('x.txt', 'y.txt')
            $entries.Size | Should -Be @(1, 2)
        }

        It 'writes RemoteFileNotFound for a missing folder and lists the others' {
            $items = @(
                [pscustomobject]@{ Uri = (New-PoolUri $server 'no such folder/') }
                [pscustomobject]@{ Uri = (New-PoolUri $server 'piped/one/') }
            )
            $entries = $items | Get-PoolFileList -ErrorAction SilentlyContinue -ErrorVariable failures
            $entries.Name | Should -Be @('x.txt')
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "RemoteFileNotFound,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].TargetObject | Should -Be (New-PoolUri $server 'no such folder/')
        }

        It 'exports the documented CSV columns' {
            $csv = Get-PoolFileList -Uri (New-PoolUri $server 'piped/one/') | ConvertTo-Csv
            $csv[0] | Should -Be '"Name","Type","Size","Modified","Uri"'
            $csv[1] | Should -BeLike '"x.txt","File","1",*'
        }

        It 'writes InvalidArgument for a URI that is not http' {
            Get-PoolFileList -Uri 'ftp://127.0.0.1/' -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "InvalidArgument,$command"
        }
    }

    It 'writes ServerUnreachable when nothing listens on the port' {
        $port = Get-FreePort
        Get-PoolFileList -Uri "http://127.0.0.1:$port/" -ErrorAction SilentlyContinue -ErrorVariable failures
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
            Get-PoolFileList -Uri $server.Uri -Recurse -Credential $credential -ErrorAction SilentlyContinue -ErrorVariable failures | Should -BeNullOrEmpty
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "UnencryptedAuthentication,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failures[0].TargetObject | Should -Be $server.Uri
            (Get-PoolHttpServer -Port $server.Port).Requests | Should -Be 0

            @(Get-PoolFileList -Uri $server.Uri -Credential $credential -AllowUnencryptedAuthentication).Count | Should -BeGreaterThan 0
        }

        It 'says with -Verbose one line per folder it lists' {
            $lines = @(Get-PoolFileList -Uri $server.Uri -Recurse -Credential $credential -AllowUnencryptedAuthentication -Verbose 4>&1 |
                    Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $folders = @($server.Uri) + @(Get-PoolFileList -Uri $server.Uri -Recurse -Credential $credential -AllowUnencryptedAuthentication |
                    Where-Object Type -EQ 'Directory' | ForEach-Object Uri)
            $lines.Count | Should -Be $folders.Count
            for ($i = 0; $i -lt $lines.Count; $i++) {
                $lines[$i] | Should -Match ('^' + [regex]::Escape("GET $($folders[$i].AbsoluteUri): 200 OK, ") + '\d+ B in \d+\.\d\d s$')
            }
        }
    }
}
