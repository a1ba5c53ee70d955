using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Latch.Tools.Smoke;

/// <summary>
/// Register, sign in, refresh, read the profile and log out with a throwaway account, which is deleted afterwards
/// even when a step in between fails. A step that cannot run because an earlier one failed is reported as skipped.
/// </summary>
internal sealed class AccountFlow(SmokeClient client, CheckLog log)
{
    public async Task Run()
    {
        var email = $"latch-smoke-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}@example.com";
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        string? registeredAccess = null;
        var step = "register";
        try
        {
            using var register = await client.SendJson(HttpMethod.Post, "/v1/auth/register", new JsonObject { ["email"] = email, ["password"] = password });
            if (register.StatusCode == HttpStatusCode.Accepted)
            {
                // Email verification is on (the default): the account exists only once its emailed link is used, which a
                // smoke run cannot read, so nothing was created and there is nothing to clean up.
                await log.Pass("register", "202: email verification is on; no account is created without the emailed link");
                await log.SkipAll("not run: with email verification on, a throwaway account needs its emailed link",
                    "login", "refresh", "me", "logout", "delete-account");
                return;
            }

            var registered = await Auth(register, HttpStatusCode.Created);
            registeredAccess = registered?.Access;
            if (registered is null)
            {
                await log.Fail("register", SmokeClient.Unexpected(register, 201));
                await log.SkipAll("not run: register failed", "login", "refresh", "me", "logout", "delete-account");
                return;
            }

            var registerProblems = new List<string>();
            if (register.Headers.CacheControl?.NoStore != true)
            {
                registerProblems.Add("a response with tokens has no Cache-Control: no-store");
            }

            if (registered.Email != email)
            {
                registerProblems.Add("the response does not name the registered email");
            }

            await log.Result("register", registerProblems, "throwaway account " + email);
            step = "login";

            using var login = await client.SendJson(HttpMethod.Post, "/v1/auth/login", new JsonObject { ["email"] = email, ["password"] = password });
            var loggedIn = await Auth(login, HttpStatusCode.OK);
            if (loggedIn is null)
            {
                await log.Fail("login", SmokeClient.Unexpected(login, 200));
                await log.SkipAll("not run: login failed", "refresh", "me", "logout");
                return;
            }

            await log.Pass("login", "");
            step = "refresh";

            using var refresh = await client.SendJson(HttpMethod.Post, "/v1/auth/refresh", new JsonObject { ["refreshToken"] = loggedIn.Refresh });
            var refreshed = await Auth(refresh, HttpStatusCode.OK);
            if (refreshed is null || refreshed.Refresh == loggedIn.Refresh)
            {
                await log.Fail("refresh", refreshed is null ? SmokeClient.Unexpected(refresh, 200) : "the refresh token was not rotated");
                await log.SkipAll("not run: refresh failed", "me", "logout");
                return;
            }

            await log.Pass("refresh", "rotated");
            step = "me";

            using var me = await client.Send(HttpMethod.Get, "/v1/users/me", bearer: refreshed.Access);
            var meEmail = me.StatusCode == HttpStatusCode.OK ? (await SmokeClient.ReadJson(me))?["email"]?.GetValue<string>() : null;
            if (meEmail == email)
            {
                await log.Pass("me", "");
            }
            else
            {
                await log.Fail("me", me.StatusCode == HttpStatusCode.OK ? "the user returned is not the signed-in one" : SmokeClient.Unexpected(me, 200));
            }

            step = "logout";
            using var logout = await client.Send(HttpMethod.Post, "/v1/auth/logout", bearer: refreshed.Access);
            if (logout.StatusCode != HttpStatusCode.NoContent)
            {
                await log.Fail("logout", SmokeClient.Unexpected(logout, 204));
                return;
            }

            using var after = await client.SendJson(HttpMethod.Post, "/v1/auth/refresh", new JsonObject { ["refreshToken"] = refreshed.Refresh });
            if (after.StatusCode == HttpStatusCode.Unauthorized)
            {
                await log.Pass("logout", "the session's refresh token is refused afterwards");
            }
            else
            {
                await log.Fail("logout", $"after logout the session's refresh token answered {(int)after.StatusCode}, not 401");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await log.Fail(step, $"request failed: {exception.Message}");
        }
        finally
        {
            if (registeredAccess is not null)
            {
                await DeleteAccount(registeredAccess, password, email);
            }
        }
    }

    private async Task DeleteAccount(string accessToken, string password, string email)
    {
        try
        {
            using var delete = await client.SendJson(HttpMethod.Delete, "/v1/users/me", new JsonObject { ["password"] = password }, bearer: accessToken);
            if (delete.StatusCode == HttpStatusCode.NoContent)
            {
                await log.Pass("delete-account", "the throwaway account is gone");
            }
            else
            {
                await log.Fail("delete-account", $"{SmokeClient.Unexpected(delete, 204)}; delete {email} by hand");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await log.Fail("delete-account", $"{exception.Message}; delete {email} by hand");
        }
    }

    private static async Task<AuthTokens?> Auth(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            return null;
        }

        var json = await SmokeClient.ReadJson(response);
        var access = json?["accessToken"]?.GetValue<string>();
        var refresh = json?["refreshToken"]?.GetValue<string>();
        var email = json?["user"]?["email"]?.GetValue<string>();
        return access is null || refresh is null ? null : new AuthTokens(access, refresh, email);
    }

    private sealed record AuthTokens(string Access, string Refresh, string? Email);
}
