using System.Security.Cryptography;

namespace Latch.OpsTests.Support;

/// <summary>Test secrets, made at run time: nothing secret-looking is committed.</summary>
internal static class Keys
{
    public static string Es256Pem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    public static string Secret(int bytes = 32) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));
}
