using System.Security.Cryptography;
using Latch.Domain.Sessions;
using Latch.Infrastructure.Security.Tokens;

namespace Latch.UnitTests.Infrastructure.Security;

public sealed class RefreshTokenCodecTests
{
    private readonly RefreshTokenCodec _codec = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_minted_token_reads_back_with_its_session_and_generation_and_matches_its_hash()
    {
        var id = SessionId.New();
        var minted = _codec.Mint(id, 41);
        var read = _codec.Read(minted.Token);
        Assert.NotNull(read);
        Assert.Equal(id, read.SessionId);
        Assert.Equal(41, read.Generation);
        Assert.True(_codec.Matches(read, minted.SecretHash));
        Assert.False(_codec.Matches(read, SHA256.HashData([1, 2, 3])));
        Assert.Matches("^[A-Za-z0-9_-]{98}$", minted.Token);
    }

    [Fact]
    public void Tokens_are_unique_and_the_hash_is_not_the_token()
    {
        var id = SessionId.New();
        var a = _codec.Mint(id, 0);
        var b = _codec.Mint(id, 0);
        Assert.NotEqual(a.Token, b.Token);
        Assert.NotEqual(a.SecretHash, b.SecretHash);
        Assert.DoesNotContain(Convert.ToBase64String(a.SecretHash), a.Token, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_single_character_change_is_refused()
    {
        var token = _codec.Mint(SessionId.New(), 3).Token;
        for (var i = 0; i < token.Length; i++)
        {
            var chars = token.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            Assert.Null(_codec.Read(new string(chars)));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Garbage_is_refused(string token) => Assert.Null(_codec.Read(token));

    [Fact]
    public void A_token_minted_under_another_key_is_refused()
    {
        var other = new RefreshTokenCodec(RandomNumberGenerator.GetBytes(32));
        Assert.Null(_codec.Read(other.Mint(SessionId.New(), 0).Token));
    }

    [Fact]
    public void Only_the_predecessor_opens_the_sealed_successor()
    {
        var id = SessionId.New();
        var predecessor = _codec.Read(_codec.Mint(id, 0).Token)!;
        var stranger = _codec.Read(_codec.Mint(id, 0).Token)!;
        var successor = _codec.Mint(id, 1).Token;

        var sealedSuccessor = _codec.SealSuccessor(successor, predecessor);

        Assert.Equal(successor, _codec.OpenSuccessor(sealedSuccessor, predecessor));
        Assert.Null(_codec.OpenSuccessor(sealedSuccessor, stranger));
        sealedSuccessor[^1] ^= 1;
        Assert.Null(_codec.OpenSuccessor(sealedSuccessor, predecessor));
    }
}
