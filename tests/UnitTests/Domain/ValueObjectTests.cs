using Latch.Domain.Passwords;
using Latch.Domain.Users;

namespace Latch.UnitTests.Domain;

public sealed class ValueObjectTests
{
    [Theory]
    [InlineData("  Ann@Example.COM ", "ann@example.com")]
    [InlineData("a.b+tag@sub.example.org", "a.b+tag@sub.example.org")]
    public void Emails_are_trimmed_and_lower_cased(string input, string expected) =>
        Assert.Equal(expected, Email.Create(input).Value.Value);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("a@example")]
    [InlineData("a@example.")]
    [InlineData("a@.example.com")]
    [InlineData("a@exa..mple.com")]
    [InlineData("a b@example.com")]
    [InlineData("a\u0000b@example.com")]
    [InlineData("x<victim@example.com>")]
    [InlineData("victim@example.com(x)")]
    [InlineData("a(b)@example.com")]
    [InlineData("a,b@example.com")]
    [InlineData("a;b@example.com")]
    [InlineData("a:b@example.com")]
    [InlineData("\"a b\"@example.com")]
    [InlineData("a\\b@example.com")]
    [InlineData("a@[127.0.0.1]")]
    [InlineData(".a@example.com")]
    [InlineData("a.@example.com")]
    [InlineData("a..b@example.com")]
    public void Malformed_emails_are_refused(string? input) => Assert.False(Email.Create(input).IsSuccess);

    [Fact]
    public void Lone_surrogates_are_refused_in_emails_and_display_names()
    {
        // Built in code: theory data would be re-encoded and lose the lone surrogate.
        var lone = "a" + '\ud800' + "b";
        Assert.False(Email.Create(lone + "@example.com").IsSuccess);
        Assert.False(DisplayName.Create(lone).IsSuccess);
        Assert.NotEmpty(new PasswordPolicy(8).Check(lone + "abcdefghijkl", null, _ => false));
    }

    [Theory]
    [InlineData(" Ann ", "Ann")]
    [InlineData("Zoë 🦊", "Zoë 🦊")]
    public void Display_names_are_trimmed(string input, string expected) =>
        Assert.Equal(expected, DisplayName.Create(input).Value.Value);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\there")]
    [InlineData("bidi\u202eoverride")]
    [InlineData("line\u2028separator")]
    public void Bad_display_names_are_refused(string input) => Assert.False(DisplayName.Create(input).IsSuccess);

    [Fact]
    public void The_minimum_password_length_is_configurable_within_NIST_bounds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordPolicy(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordPolicy(65));
        Assert.Empty(new PasswordPolicy(8).Check("kxqmvbzr", null, _ => false));
        Assert.NotEmpty(new PasswordPolicy(8).Check("kxqmvbz", null, _ => false));
    }

    [Fact]
    public void Short_local_parts_are_not_matched_inside_passwords()
    {
        var policy = new PasswordPolicy(15);
        Assert.Empty(policy.Check("a long passphrase with al in it", Email.Create("al@x.io").Value, _ => false));
        Assert.Single(policy.Check("a long passphrase with ann in it", Email.Create("ann@x.io").Value, _ => false));
    }
}
