using System.Text;
using PoolHttp.Engine.Server.Security;

namespace PoolHttp.Tests.Security;

public class BasicAuthenticatorTests
{
    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    [Fact]
    public void A_hashed_line_accepts_its_password_and_nothing_else()
    {
        var auth = BasicAuthenticator.FromLines(new[] { BasicAuthenticator.HashLine("anna", "pä:ss wörd", 1000) }, "test");
        Assert.True(auth.Verify(Basic("anna", "pä:ss wörd")));
        Assert.True(auth.Verify(Basic("anna", "pä:ss wörd"))); // the accepted-value cache answers the same
        Assert.False(auth.Verify(Basic("anna", "pä:ss wörd ")));
        Assert.False(auth.Verify(Basic("Anna", "pä:ss wörd")));
        Assert.False(auth.Verify(Basic("bob", "pä:ss wörd")));
        Assert.False(auth.Verify(null));
        Assert.False(auth.Verify("Bearer abc"));
        Assert.False(auth.Verify("Basic not*base64"));
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time()
    {
        string a = BasicAuthenticator.HashLine("u", "secret", 1000), b = BasicAuthenticator.HashLine("u", "secret", 1000);
        Assert.NotEqual(a, b);
        Assert.StartsWith("u:pbkdf2-sha256:1000:", a, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", a, StringComparison.Ordinal);
    }

    [Fact]
    public void A_users_file_skips_comments_and_names_a_bad_line_without_showing_it()
    {
        using var root = new Support.TempRoot();
        string path = root.Write("users.txt", "# users\n\n" + BasicAuthenticator.HashLine("a", "x", 1000) + "\na:plain:topsecret\n");
        var e = Assert.Throws<ArgumentException>(() => BasicAuthenticator.FromFile(path));
        Assert.Contains("Line 4", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", e.Message, StringComparison.Ordinal);
        root.Write("users.txt", "# users\n" + BasicAuthenticator.HashLine("a", "x", 1000) + "\n" + BasicAuthenticator.HashLine("b", "y", 1000));
        var auth = BasicAuthenticator.FromFile(path);
        Assert.True(auth.Verify(Basic("b", "y")));
        Assert.Equal(2, auth.ToLines().Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a:b")]
    [InlineData("line\nbreak")]
    public void A_user_name_that_Basic_cannot_carry_is_refused(string user) =>
        Assert.Throws<ArgumentException>(() => BasicAuthenticator.HashLine(user, "x", 1000));
}
