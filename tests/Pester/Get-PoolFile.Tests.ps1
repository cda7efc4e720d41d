BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')
    $root = New-TestRoot
    $local = New-TestRoot
    $command = 'PoolHttp.Cmdlets.GetPoolFileCommand'
}

AfterAll {
    Get-PoolHttpServer | Stop-PoolHttpServer -Confirm:$false
    Remove-Item -LiteralPath $root -Recurse -Force
    Remove-Item -LiteralPath $local -Recurse -Force
}

Describe 'Get-PoolFile' {
    Context '<Mode> mode' -ForEach @(@{ Mode = 'Thread' }, @{ Mode = 'Process' }) {
        BeforeAll {
            $null = New-TestFile -Path (Join-Path $root "get $Mode/r é.txt") -Content 'remote text'
            $null = New-TestFile -Path (Join-Path $root "get $Mode/two.txt") -Content 'second'
        }

        It 'downloads into the current location under the remote name' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $destination = (New-Item -ItemType Directory -Path (Join-Path $local "here $Mode")).FullName
            Push-Location -LiteralPath $destination
            try {
                $result = Get-PoolFile -Uri (New-PoolUri $server "get $Mode/r é.txt")
            }
            finally {
                Pop-Location
            }
            $result | Should -BeOfType 'PoolHttp.Engine.Results.PoolTransferResult'
            $result.Operation | Should -Be 'Download'
            $result.StatusCode | Should -Be 200
            $result.Length | Should -Be 11
            $result.Resumed | Should -BeFalse
            $result.Destination | Should -Be (Join-Path $destination 'r é.txt')
            Get-Content -LiteralPath (Join-Path $destination 'r é.txt') -Raw | Should -Be 'remote text'
            @(Get-ChildItem -LiteralPath $destination -Force).Name | Should -Be @('r é.txt')
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'downloads to -OutFile, replacing the file there' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $outFile = New-TestFile -Path (Join-Path $local "out $Mode/copy.txt") -Content 'old'
            $result = Get-PoolFile -Uri (New-PoolUri $server "get $Mode/two.txt") -OutFile $outFile
            $result.Destination | Should -Be $outFile
            Get-Content -LiteralPath $outFile -Raw | Should -Be 'second'
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'downloads the files Get-PoolFileList lists' {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Mode $Mode
            $destination = (New-Item -ItemType Directory -Path (Join-Path $local "listed $Mode")).FullName
            $results = Get-PoolFileList -Uri (New-PoolUri $server "get $Mode/") | Get-PoolFile -OutFile "$destination/"
            @($results).Count | Should -Be 2
            Get-Content -LiteralPath (Join-Path $destination 'r é.txt') -Raw | Should -Be 'remote text'
            Get-Content -LiteralPath (Join-Path $destination 'two.txt') -Raw | Should -Be 'second'
            $server | Stop-PoolHttpServer -Confirm:$false
        }
    }

    Context 'against a Thread-mode server' {
        BeforeAll {
            $server = Start-PoolHttpServer -Root $root -Port 0
            $null = New-TestFile -Path (Join-Path $root 'plain.txt') -Content 'plain'
        }

        AfterAll {
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'downloads a URL string and a [uri] piped by value' {
            $fromString = Join-Path $local 'by value/from string.txt'
            $fromUri = Join-Path $local 'by value/from uri.txt'
            $null = New-Item -ItemType Directory -Path (Join-Path $local 'by value') -Force

            $results = @(
                (New-PoolUri $server 'plain.txt').AbsoluteUri | Get-PoolFile -OutFile $fromString
                New-PoolUri $server 'plain.txt' | Get-PoolFile -OutFile $fromUri
            )

            $results.StatusCode | Should -Be @(200, 200)
            Get-Content -LiteralPath $fromString -Raw | Should -Be 'plain'
            Get-Content -LiteralPath $fromUri -Raw | Should -Be 'plain'
        }

        It 'continues with -Resume a half file another tool left at the destination' {
            $bytes = [byte[]]::new(200000)
            [System.Random]::new(7).NextBytes($bytes)
            [System.IO.File]::WriteAllBytes((Join-Path $root 'resume.bin'), $bytes)
            $folder = (New-Item -ItemType Directory -Path (Join-Path $local 'resume')).FullName
            $destination = Join-Path $folder 'resume.bin'
            [System.IO.File]::WriteAllBytes($destination, [byte[]]$bytes[0..49999])

            $result = Get-PoolFile -Uri (New-PoolUri $server 'resume.bin') -OutFile $destination -Resume

            $result.Resumed | Should -BeTrue
            $result.StatusCode | Should -Be 206
            $result.BytesTransferred | Should -Be 150000
            $result.Length | Should -Be 200000
            (Get-FileHash -LiteralPath $destination).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $root 'resume.bin')).Hash
            @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('resume.bin')
        }

        It 'leaves nothing beside the destination when the server cuts the body short, and with -Resume one partial file' {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            # The cutting server runs in a runspace of its own: Get-PoolFile holds this one until it fails.
            $cutter = [powershell]::Create().AddScript({
                    param($listener)
                    foreach ($i in 1..2) {
                        $client = $listener.AcceptTcpClient()
                        $stream = $client.GetStream()
                        $null = $stream.Read([byte[]]::new(8192), 0, 8192)
                        $head = [System.Text.Encoding]::ASCII.GetBytes("HTTP/1.1 200 OK`r`nContent-Length: 100000`r`nETag: `"cut`"`r`n`r`n")
                        $stream.Write($head, 0, $head.Length)
                        $stream.Write([byte[]]::new(30000), 0, 30000)
                        $client.Close()
                    }
                }).AddArgument($listener)
            $running = $cutter.BeginInvoke()
            try {
                $uri = "http://127.0.0.1:$($listener.LocalEndpoint.Port)/cut.bin"
                $folder = (New-Item -ItemType Directory -Path (Join-Path $local 'cut')).FullName
                $outFile = New-TestFile -Path (Join-Path $folder 'cut.bin') -Content 'before'

                Get-PoolFile -Uri $uri -OutFile $outFile -ErrorAction SilentlyContinue -ErrorVariable failures
                $failures.Count | Should -Be 1
                $failures[0].FullyQualifiedErrorId | Should -Be "ProtocolError,$command"
                Get-Content -LiteralPath $outFile -Raw | Should -Be 'before'
                @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('cut.bin')

                Get-PoolFile -Uri $uri -OutFile $outFile -Resume -ErrorAction SilentlyContinue -ErrorVariable failures
                $failures.Count | Should -Be 1
                Get-Content -LiteralPath $outFile -Raw | Should -Be 'before'
                @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('cut.bin', 'cut.bin.part')
            }
            finally {
                $listener.Stop()
                try { $null = $cutter.EndInvoke($running) } catch { $null = $_ }
                $cutter.Dispose()
            }
        }

        It 'writes RemoteFileNotFound for a missing file, leaves nothing behind and goes on' {
            $destination = (New-Item -ItemType Directory -Path (Join-Path $local 'missing')).FullName
            $items = @(
                [pscustomobject]@{ Uri = (New-PoolUri $server 'no such file.txt') }
                [pscustomobject]@{ Uri = (New-PoolUri $server 'plain.txt') }
            )
            $results = $items | Get-PoolFile -OutFile "$destination/" -ErrorAction SilentlyContinue -ErrorVariable failures
            @($results).Count | Should -Be 1
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "RemoteFileNotFound,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].TargetObject | Should -Be (New-PoolUri $server 'no such file.txt')
            $failures[0].ToString() | Should -BeExactly "GET $((New-PoolUri $server 'no such file.txt').AbsoluteUri): 404 Not Found: Not found."
            @(Get-ChildItem -LiteralPath $destination -Force).Name | Should -Be @('plain.txt')
        }

        It 'leaves an existing destination as it was when the download fails' {
            $outFile = New-TestFile -Path (Join-Path $local 'kept.txt') -Content 'kept'
            Get-PoolFile -Uri (New-PoolUri $server 'gone.txt') -OutFile $outFile -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 1
            Get-Content -LiteralPath $outFile -Raw | Should -Be 'kept'
            "$outFile.part" | Should -Not -Exist
        }

        It 'writes PathNotFound for a destination folder that does not exist' {
            $missing = Join-Path $local 'not made yet'
            Get-PoolFile -Uri (New-PoolUri $server 'plain.txt') -OutFile "$missing/" -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "PathNotFound,$command"
            $missing | Should -Not -Exist
        }

        It 'writes InvalidArgument for a folder URI' {
            Get-PoolFile -Uri $server.Uri -OutFile $local -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "InvalidArgument,$command"
        }

        It 'says with -Verbose what each request did: method, URL, status, bytes and time' {
            $lines = @(Get-PoolFile -Uri (New-PoolUri $server 'plain.txt') -OutFile (Join-Path $local 'verbose.txt') -Verbose 4>&1 |
                    Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $lines.Count | Should -Be 1
            $lines[0] | Should -Match ('^' + [regex]::Escape("GET $((New-PoolUri $server 'plain.txt').AbsoluteUri): 200 OK, 5 B in ") + '\d+\.\d\d s$')
        }

        It 'writes TransferTimedOut when the server stops sending' {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            try {
                $uri = "http://127.0.0.1:$($listener.LocalEndpoint.Port)/silent.bin"
                Get-PoolFile -Uri $uri -OutFile (Join-Path $local 'silent.bin') -TimeoutSec 0.5 -ErrorAction SilentlyContinue -ErrorVariable failures
                $failures.Count | Should -Be 1
                $failures[0].FullyQualifiedErrorId | Should -Be "TransferTimedOut,$command"
                $failures[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
                Join-Path $local 'silent.bin' | Should -Not -Exist
            }
            finally {
                $listener.Stop()
            }
        }
    }

    It 'writes ServerUnreachable when nothing listens on the port' {
        $port = Get-FreePort
        Get-PoolFile -Uri "http://127.0.0.1:$port/a.txt" -OutFile $local -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "ServerUnreachable,$command"
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $failures[0].ToString() | Should -BeLike "GET http://127.0.0.1:$port/a.txt: Cannot connect to 127.0.0.1:$port`: *"
    }

    Context 'against a server that requires a credential' {
        BeforeAll {
            $credential = [pscredential]::new('anna', (ConvertTo-SecureString 's3cret pass' -AsPlainText -Force))
            $server = Start-PoolHttpServer -Root $root -Port 0 -Credential $credential
            $null = New-TestFile -Path (Join-Path $root 'secret.txt') -Content 'secret'
        }

        AfterAll {
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'refuses to send -Credential over http:// without -AllowUnencryptedAuthentication, and sends nothing' {
            $destination = Join-Path $local 'secret.txt'
            Get-PoolFile -Uri (New-PoolUri $server 'secret.txt') -OutFile $destination -Credential $credential -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "UnencryptedAuthentication,$command"
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failures[0].ToString() | Should -BeLike "GET $((New-PoolUri $server 'secret.txt').AbsoluteUri): Refusing to send the credential unencrypted over http://*"
            $destination | Should -Not -Exist

            $result = Get-PoolFile -Uri (New-PoolUri $server 'secret.txt') -OutFile $destination -Credential $credential -AllowUnencryptedAuthentication
            $result.StatusCode | Should -Be 200
            Get-Content -LiteralPath $destination -Raw | Should -Be 'secret'
            # The server counts the allowed download only: the refused one never reached it.
            Wait-Until { (Get-PoolHttpServer -Port $server.Port).Requests -ge 1 }
            (Get-PoolHttpServer -Port $server.Port).Requests | Should -Be 1
        }
    }
}
