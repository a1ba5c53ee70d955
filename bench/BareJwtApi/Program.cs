using Latch.Bench;
using Microsoft.AspNetCore.Authentication.JwtBearer;

// A bare ASP.NET Core minimal API: the same JWT checks as Latch's bearer authentication (ES256 key by kid, issuer,
// audience, typ at+jwt, lifetime with 30 s skew) and a constant User body — nothing else: no store, no session check,
// no mediator, no logging per request, no security headers, no rate limiting.
// Settings are Latch's own keys: Jwt__Issuer, Jwt__Audience, Jwt__Keys__0__Id, Jwt__Keys__0__PrivateKeyPem.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var configuration = builder.Configuration;

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
{
    options.MapInboundClaims = false;
    options.RequireHttpsMetadata = false;
    options.TokenValidationParameters = LatchTokenChecks.From(configuration);
});
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
var body = """{"id":"0b0f0c9e-4f8e-4b0e-9a55-2b7d1c1d2e3f","email":"ann@example.com","displayName":"Ann","createdAt":"2026-11-28T09:30:00Z"}"""u8.ToArray();
app.MapGet("/v1/users/me", (HttpContext context) =>
{
    context.Response.ContentType = "application/json";
    return context.Response.Body.WriteAsync(body).AsTask();
}).RequireAuthorization();
app.Run();
