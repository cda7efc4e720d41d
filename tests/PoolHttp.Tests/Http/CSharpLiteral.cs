using System.Globalization;
using System.Text;

namespace PoolHttp.Tests.Http;

/// <summary>
/// Bytes as a C# string literal of Latin-1 chars, the way the samples are written, so that a failing input pastes into a
/// test; also any text, with every char outside printable ASCII escaped.
/// </summary>
public static class CSharpLiteral
{
    /// <summary>The literal; past <paramref name="maxChars"/> input bytes, its head and tail around a comment.</summary>
    public static string Of(byte[] bytes, int maxChars) => Of(Encoding.Latin1.GetString(bytes), maxChars, "bytes");

    /// <summary>The literal of a text; past <paramref name="maxChars"/> chars, its head and tail around a comment.</summary>
    public static string Of(string text, int maxChars) => Of(text, maxChars, "chars");

    private static string Of(string text, int maxChars, string unit)
    {
        if (text.Length <= maxChars) return Quote(text);
        int half = maxChars / 2;
        return $"{Quote(text[..half])} + /* {text.Length - 2 * half} of {text.Length} {unit} left out */ {Quote(text[^half..])}";
    }

    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\t': quoted.Append("\\t"); break;
                case >= ' ' and < '\x7f': quoted.Append(c); break;
                default: quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
