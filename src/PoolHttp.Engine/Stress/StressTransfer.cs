using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>The one transfer a stress client does, the same in a thread of the runner and in a child process.</summary>
internal static class StressTransfer
{
    public static PoolHttpClient CreateClient(StressClientSettings settings) => new(settings.ToClientOptions());

    public static Task<PoolTransferResult> RunAsync(PoolHttpClient client, StressOperation operation, Uri target, string? localPath,
        TransferCounter counter, CancellationToken cancellationToken) => operation == StressOperation.Upload
            ? client.UploadAsync(new UploadOptions(localPath!, target), counter, cancellationToken)
            : client.DownloadToHashAsync(target, counter, cancellationToken);
}
