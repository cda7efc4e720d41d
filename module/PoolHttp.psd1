@{
    RootModule           = 'PoolHttp.Cmdlets.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = 'a9c1e658-976d-4f11-a2e3-179eacecfb8e'
    Author               = 'PoolHttp contributors'
    CompanyName          = 'PoolHttp'
    Copyright            = '(c) 2026 PoolHttp contributors. MIT License.'
    Description          = 'Serve files over HTTP/1.1 from a pool of thread or process workers, move files with a streaming client, and stress-test a server with concurrent uploads and downloads.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('PoolHttp.format.ps1xml')
    CmdletsToExport      = @(
        'Start-PoolHttpServer'
        'Stop-PoolHttpServer'
        'Get-PoolHttpServer'
        'Send-PoolFile'
        'Get-PoolFile'
        'Get-PoolFileList'
        'Remove-PoolFile'
        'New-PoolFolder'
        'Invoke-PoolStressTest'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('http', 'file-server', 'stress-test', 'upload', 'download')
            ProjectUri = 'https://github.com/poolhttp/poolhttp'
            LicenseUri = 'https://github.com/poolhttp/poolhttp/blob/main/LICENSE'
        }
    }
}
