using System.Globalization;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// The wall-clock plan of a run with a start time (<see cref="StressOptions.StartAt"/>), the same on every host that is
/// given the same start and interval: row N's clients start at <c>StartAt + (N - 1) x RowInterval</c>; they have the
/// first half of the interval, and the row's checks and clean-up (which are requests too) wait for the second half.
/// Whoever reads the server's statistics for the rows (<c>Invoke-PoolStressFleet.ps1</c>) reads them
/// <see cref="Margin"/> before each row's start and before its checks, when only the row's clients have been at work.
/// </summary>
/// <param name="StartAt">When the first row's clients start.</param>
/// <param name="RowInterval">From one row's start to the next one's.</param>
public sealed record StressSchedule(DateTimeOffset StartAt, TimeSpan RowInterval)
{
    /// <summary>How long before a row's start and before its checks the server is left to the reader of its statistics.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    /// <summary>When row <paramref name="number"/>'s clients start.</summary>
    public DateTimeOffset RowStart(int number) => StartAt + (number - 1) * RowInterval;

    /// <summary>When row <paramref name="number"/>'s checks and clean-up may begin: half an interval after its start.</summary>
    public DateTimeOffset ChecksStart(int number) => RowStart(number) + RowInterval / 2;

    /// <summary>
    /// Waits until <paramref name="at"/>; throws <see cref="PoolException"/> (<see cref="PoolErrorKind.Timeout"/>) when it
    /// has already passed, naming <paramref name="what"/>, since the clients could no longer start together with other hosts'.
    /// </summary>
    internal static async Task WaitUntilAsync(DateTimeOffset at, string what, TimeProvider clock, CancellationToken cancellationToken)
    {
        var wait = at - clock.GetUtcNow();
        if (wait < TimeSpan.Zero)
        {
            throw new PoolException(PoolErrorKind.Timeout, string.Create(CultureInfo.InvariantCulture,
                $"{what} was to start at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z, {-wait.TotalSeconds:0.000} s ago: give a later start time or a longer row interval."), null);
        }
        await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
    }
}
