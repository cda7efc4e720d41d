using System.Text;
using PoolHttp.Engine.Files;

namespace PoolHttp.Tests.Files;

public class MimeTypesTests
{
    [Theory]
    [InlineData("a.txt", "text/plain")]
    [InlineData("b.HTML", "text/html")]
    [InlineData("c.json", "application/json")]
    [InlineData("d", "application/octet-stream")]
    public void The_type_follows_the_extension_without_parameters(string name, string type)
    {
        Assert.Equal(type, MimeTypes.For(name));
    }

    [Theory]
    [InlineData("text/plain", true)]
    [InlineData("text/csv", true)]
    [InlineData("application/json", false)]
    [InlineData("image/svg+xml", false)]
    public void Only_text_types_carry_a_charset(string type, bool text)
    {
        Assert.Equal(text, MimeTypes.IsText(type));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xC3, 0xA9 }, true, true)]
    [InlineData(new byte[] { 0x61, 0xE9 }, true, false)]
    [InlineData(new byte[] { 0x61, 0xE9, 0x20 }, false, false)]
    [InlineData(new byte[] { 0x61, 0xC3 }, false, true)]
    [InlineData(new byte[] { 0x61, 0xC3 }, true, false)]
    [InlineData(new byte[] { 0x61, 0xF0, 0x9F, 0x98 }, false, true)]
    [InlineData(new byte[] { 0x61, 0xF0, 0x9F, 0x98 }, true, false)]
    [InlineData(new byte[] { 0x61, 0xC3, 0x28 }, false, false)]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, false, false)]
    [InlineData(new byte[] { }, true, true)]
    public void Utf8_is_declared_only_for_a_valid_start_and_a_character_cut_by_the_sample_is_not_an_error(byte[] start, bool whole, bool utf8)
    {
        Assert.Equal(utf8 ? "text/plain; charset=utf-8" : "text/plain", MimeTypes.WithCharset("text/plain", start, whole));
    }

    [Fact]
    public void A_sample_of_the_full_size_ending_inside_a_character_is_still_utf8()
    {
        var sample = Encoding.UTF8.GetBytes(new string('a', MimeTypes.CharsetSampleSize - 1) + "\u20ac")[..MimeTypes.CharsetSampleSize];
        Assert.Equal("text/css; charset=utf-8", MimeTypes.WithCharset("text/css", sample, isWholeFile: false));
    }
}
