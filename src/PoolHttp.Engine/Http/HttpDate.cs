using System.Globalization;

namespace PoolHttp.Engine.Http;

/// <summary>Parses HTTP dates (IMF-fixdate and the two obsolete forms).</summary>
public static class HttpDate
{
    private static readonly string[] Formats =
    {
        "r", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy", "ddd MMM dd HH:mm:ss yyyy",
    };

    /// <summary>Parses an HTTP date as UTC; false when it is not one.</summary>
    public static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out value);
}
