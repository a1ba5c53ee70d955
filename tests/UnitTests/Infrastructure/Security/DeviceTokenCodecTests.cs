using System.Security.Cryptography;
using Latch.Domain.Users;
using Latch.Infrastructure.Security.Tokens;

namespace Latch.UnitTests.Infrastructure.Security;

public sealed class DeviceTokenCodecTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);
    private readonly DeviceTokenCodec _codec = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_minted_token_reads_back_as_its_user_credential_and_time_with_a_fresh_device_each_time()
    {
        var user = UserId.New();
        var first = _codec.Mint(user, credentialVersion: 3, Now);
        var second = _codec.Mint(user, credentialVersion: 3, Now);

        var read = _codec.Read(first);
        Assert.NotNull(read);
        Assert.Equal(user, read.UserId);
        Assert.Equal(3, read.CredentialVersion);
        Assert.Equal(Now, read.IssuedAt);
        Assert.NotEqual(read.DeviceId, _codec.Read(second)!.DeviceId);
        Assert.Equal(87, first.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", first);
    }

    [Fact]
    public void Any_changed_character_another_key_or_another_shape_reads_as_nothing()
    {
        var token = _codec.Mint(UserId.New(), 1, Now);
        for (var i = 0; i < token.Length; i++)
        {
            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.Null(_codec.Read(changed));
        }

        Assert.Null(new DeviceTokenCodec(RandomNumberGenerator.GetBytes(32)).Read(token));
        Assert.Null(_codec.Read(token[..^1]));
        Assert.Null(_codec.Read(token + "A"));
        Assert.Null(_codec.Read(new string('*', token.Length)));
        Assert.Null(_codec.Read(string.Empty));
    }
}
