using Latch.Domain.Passwords;
using Latch.Domain.Users;

namespace Latch.UnitTests.Domain;

/// <summary>The structural and context rules alone, without any list: what they refuse, what they let through.</summary>
public sealed class PasswordPolicyTests
{
    private static readonly PasswordPolicy Policy = new(15, ["latch", "Northwind Cloud"]);

    [Theory]
    [InlineData("aaaaaaaaaaaaaaa")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("aaaaaaaaaaaaaab")]
    [InlineData("passwordpassword")]
    [InlineData("Password Password")]
    [InlineData("password-password")]
    [InlineData("sunshinesunshine1!")]
    [InlineData("dogdogdogdogdogdog")]
    [InlineData("abcabcabcabcabcabc")]
    [InlineData("1212121212121212")]
    [InlineData("ab ab ab ab ab ab ab ab")]
    public void Repetitive_passwords_are_refused(string password) =>
        Assert.Equal([PasswordRule.Repetitive], Rules(password));

    [Theory]
    [InlineData("123456789012345")]
    [InlineData("987654321098765")]
    [InlineData("abcdefghijklmnop")]
    [InlineData("ZYXWVUTSRQPONMLK")]
    [InlineData("qwertyuiopasdfgh")]
    [InlineData("poiuytrewqlkjhgf")]
    [InlineData("1qaz2wsx3edc4rfv")]
    [InlineData("1q2w3e4r5t6y7u8i")]
    [InlineData("zxcvbnm,./asdfghjkl")]
    [InlineData("1234abcd5678efgh")]
    [InlineData("!@#$%^&*()_+qwerty")]
    [InlineData("qwerty 123456 asdfgh")]
    public void Sequences_and_keyboard_walks_are_refused(string password) =>
        Assert.Equal([PasswordRule.Sequential], Rules(password));

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("a long passphrase nobody would guess 42")]
    [InlineData("typewriter quiet poetry")]
    [InlineData("caf\u00e9 au lait every single morning")]
    [InlineData("Tr0ub4dor&3 is not my password")]
    [InlineData("vq8#Lm2!xR7@pK4z")]
    [InlineData("ahovcjqxelszgnuahovcjqxelszgnuahovcjqxelszgnu")]
    [InlineData("\U0001F510\U0001F511\U0001F512\U0001F513\U0001F600\U0001F601\U0001F602\U0001F603\U0001F604\U0001F605\U0001F606\U0001F607\U0001F608\U0001F609\U0001F60A")]
    public void Good_long_passphrases_pass(string password) =>
        Assert.Empty(Rules(password, "jo.nguyen@mail.example.org"));

    [Theory]
    [InlineData("my latch account is safe", "ann@example.com")]
    [InlineData("my LaTcH account is safe", "ann@example.com")]
    [InlineData("welcome to northwind cloud please", "ann@example.com")]
    [InlineData("my name is margarethe really", "margarethe@example.com")]
    [InlineData("lovely weather nguyen family", "jo.nguyen@example.com")]
    [InlineData("the contoso office is far away", "ann@contoso.co.uk")]
    [InlineData("the lat ch is broken again today", "ann@example.com")]
    public void Context_words_are_refused(string password, string email) =>
        Assert.Equal([PasswordRule.Context], Rules(password, email));

    [Fact]
    public void Short_email_pieces_and_the_top_level_domain_are_not_context_words()
    {
        Assert.Empty(Rules("a long passphrase with jo and com in it", "jo.li@mail.com"));
        Assert.Empty(Rules("tonight the moon rises over water", "al@x.moon"));
    }

    [Fact]
    public void Each_rule_broken_is_named_once()
    {
        var refusals = Policy.Check("latchlatchlatchlatch", null, p => p == "latchlatchlatchlatch");
        Assert.Equal([PasswordRule.Common, PasswordRule.Repetitive, PasswordRule.Context], refusals.Select(r => r.Rule));
        Assert.All(refusals, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
    }

    [Fact]
    public void Length_and_text_rules_are_named()
    {
        Assert.Equal([PasswordRule.TooShort], Rules("kxqmvbzr"));
        Assert.Equal([PasswordRule.TooLong], Rules(new string('k', 64) + new string('q', 65)));
        Assert.Equal([PasswordRule.InvalidText], Rules("abc" + '\ud800' + "defghijklmnopq"));
    }

    private static string[] Rules(string password, string? email = null) =>
        [.. Policy.Check(password, email is null ? null : Email.Create(email).Value, _ => false).Select(r => r.Rule)];
}
