using System.Security.Cryptography;
using System.Text;
using Latch.Application.Common.Interfaces;

namespace Latch.ApplicationTests.Ports;

/// <summary>Emailed tokens: random hex, hashed with the purpose (the real codec's HMAC is Infrastructure's).</summary>
public sealed class FakeEmailTokenCodec : IEmailTokenCodec
{
    public MintedEmailToken Mint(EmailTokenPurpose purpose)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        return new MintedEmailToken(token, Hash(token, purpose)!);
    }

    public byte[]? Hash(string token, EmailTokenPurpose purpose) =>
        token.Length == 64 ? SHA256.HashData(Encoding.UTF8.GetBytes($"{(int)purpose}:{token}")) : null;
}
