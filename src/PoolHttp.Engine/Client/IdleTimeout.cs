using System.Globalization;

namespace PoolHttp.Engine.Client;

/// <summary>
/// An idle timeout as people give it, in seconds: 0 means none, and the largest is a timer's limit (about 24 days).
/// The one range rule for every client: the client cmdlets, <c>poolhttp</c>'s verbs and the stress runs.
/// </summary>
public static class IdleTimeout
{
    /// <summary>What an idle timeout of 0 seconds means: no idle timeout at all.</summary>
    public const double NoneSeconds = 0;

    /// <summary>The largest idle timeout in seconds a client accepts (a timer's limit, about 24 days).</summary>
    public const double MaxSeconds = int.MaxValue / 1000.0;

    /// <summary>
    /// An idle timeout in seconds as a time span: 0 is none (<see cref="Timeout.InfiniteTimeSpan"/>); throws
    /// <see cref="ArgumentException"/> for a negative, infinite or NaN timeout, or one above <see cref="MaxSeconds"/>.
    /// </summary>
    public static TimeSpan FromSeconds(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0 || seconds > MaxSeconds)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The timeout must be a number of seconds from 0 (none) to {MaxSeconds}."), nameof(seconds));
        }
        return seconds == NoneSeconds ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
    }
}
