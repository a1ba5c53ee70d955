using Latch.Bench;
using Latch.Bench.IdentityApi;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

// ASP.NET Core Identity as its documentation sets up an API (AddIdentityApiEndpoints + MapIdentityApi on EF Core,
// here SQLite, the store Latch's Kestrel host uses), with one change so that it checks the same thing Latch checks:
// JwtBearer validating Latch's ES256 access token (key by kid, issuer, audience, typ at+jwt, lifetime) is the default
// scheme, instead of Identity's own opaque bearer tokens. GET /manage/info then verifies the signature, reads the
// user row by the token's subject through UserManager and answers with its email — the work of Latch's
// GET /v1/users/me. Logging as the template ships it (console, Information, Microsoft.AspNetCore at Warning).
// Settings: Jwt__Keys__0__Id, Jwt__Keys__0__PrivateKeyPem (as bench/BareJwtApi), ConnectionStrings__Identity, and
// Seed__UserId / Seed__Email: a user created through UserManager at start, with the id of the token's subject.
var builder = WebApplication.CreateBuilder(args);
var configuration = builder.Configuration;

builder.Services.AddAuthorization();
builder.Services.AddDbContext<IdentityDb>(options => options.UseSqlite(configuration.GetConnectionString("Identity")));
builder.Services.AddIdentityApiEndpoints<IdentityUser>().AddEntityFrameworkStores<IdentityDb>();
builder.Services.Configure<IdentityOptions>(options => options.ClaimsIdentity.UserIdClaimType = "sub");
builder.Services.AddAuthentication().AddJwtBearer(options =>
{
    options.MapInboundClaims = false;
    options.RequireHttpsMetadata = false;
    options.TokenValidationParameters = LatchTokenChecks.From(configuration);
});

// After AddIdentityApiEndpoints, which makes its composite bearer/cookie scheme the default: JwtBearer instead.
builder.Services.Configure<AuthenticationOptions>(options =>
{
    options.DefaultScheme = JwtBearerDefaults.AuthenticationScheme;
    options.DefaultAuthenticateScheme = JwtBearerDefaults.AuthenticationScheme;
    options.DefaultChallengeScheme = JwtBearerDefaults.AuthenticationScheme;
});

var app = builder.Build();
await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<IdentityDb>().Database.EnsureCreatedAsync();
    if (configuration["Seed:UserId"] is { } userId && configuration["Seed:Email"] is { } email)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByIdAsync(userId) is null)
        {
            var created = await users.CreateAsync(new IdentityUser(email) { Id = userId, Email = email });
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }
        }
    }
}

app.MapIdentityApi<IdentityUser>();
app.UseHttpsRedirection();
app.Run();
