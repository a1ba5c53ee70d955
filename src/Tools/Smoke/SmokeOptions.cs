namespace Latch.Tools.Smoke;

internal sealed record SmokeOptions(Uri BaseUrl, string Origin, string DisallowedOrigin, int Burst, bool AllowHttp);
