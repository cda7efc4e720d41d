using System.Globalization;
using System.Text;

namespace PoolHttp.Tests.Http;

/// <summary>Bytes as a C# string literal of Latin-1 chars, the way the samples are written, so a failure pastes into a test.</summary>
public static class CSharpLiteral
{
    /// <summary>The literal; past <paramref name="maxChars"/> input bytes, its head and tail around a comment.</summary>
    public static string Of(byte[] bytes, int maxChars)
    {
        if (bytes.Length <= maxChars) return Quote(bytes);
        int half = maxChars / 2;
        return $"{Quote(bytes.AsSpan(0, half))} + /* {bytes.Length - 2 * half} of {bytes.Length} bytes left out */ {Quote(bytes.AsSpan(bytes.Length - half))}";
    }

    private static string Quote(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length + 2).Append('"');
        foreach (byte b in bytes)
        {
            switch (b)
            {
                case (byte)'"': text.Append("\\\""); break;
                case (byte)'\\': text.Append("\\\\"); break;
                case (byte)'\r': text.Append("\\r"); break;
                case (byte)'\n': text.Append("\\n"); break;
                case (byte)'\t': text.Append("\\t"); break;
                case >= 0x20 and < 0x7F: text.Append((char)b); break;
                default: text.Append(CultureInfo.InvariantCulture, $"\\u{b:x4}"); break;
            }
        }
        return text.Append('"').ToString();
    }
}
