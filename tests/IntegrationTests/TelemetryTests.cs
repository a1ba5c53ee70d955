using System.Net;
using System.Text.Json;
using Latch.IntegrationTests.Support;
using Microsoft.Data.Sqlite;

namespace Latch.IntegrationTests;

public sealed class TelemetryTests
{
    private const string XRayHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private const string TraceId = "5759e988bd862e3fe1be46a994272793";

    [Fact]
    public async Task An_XRay_trace_header_parents_the_spans_and_names_the_problem_trace_id()
    {
        await using var app = new ObservedFactory();
        var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/login")
        {
            Content = Api.Json("""{"email":"nobody@example.com","password":"not a real password"}"""),
        };
        request.Headers.Add("X-Amzn-Trace-Id", XRayHeader);

        using var response = await client.SendAsync(request);

        var problem = await response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(TraceId, problem.GetProperty("traceId").GetString());
        var spans = (await app.SpansOnceAsync(s => s.TraceId.ToHexString() == TraceId && s.Kind == System.Diagnostics.ActivityKind.Server))
            .Where(s => s.TraceId.ToHexString() == TraceId).ToArray();
        var server = Assert.Single(spans, s => s.Kind == System.Diagnostics.ActivityKind.Server);
        Assert.Equal("53995c3f42cd8ad8", server.ParentSpanId.ToHexString());
        Assert.Equal("POST /v1/auth/login", server.DisplayName);
        var useCase = Assert.Single(spans, s => s.DisplayName == "LoginCommand");
        Assert.Equal(server.SpanId, useCase.ParentSpanId);
        Assert.Equal("invalid_credentials", useCase.GetTagItem("latch.outcome"));
    }

    [Fact]
    public async Task Health_checks_make_no_spans_and_root_trace_ids_start_with_the_epoch()
    {
        // Every tracer provider in the process sees every app's activities: spans are picked by trace id.
        await using var app = new ObservedFactory();
        var client = app.CreateClient();
        using (var health = new HttpRequestMessage(HttpMethod.Get, "/health/live"))
        {
            health.Headers.Add("X-Amzn-Trace-Id", "Root=1-5759e988-00000000000000000000abcd;Parent=53995c3f42cd8ad8;Sampled=1");
            (await client.SendAsync(health)).Dispose();
        }

        using var missing = await client.GetAsync("/no/such/route");
        var traceId = (await missing.Body()).GetProperty("traceId").GetString();

        var spans = await app.SpansOnceAsync(s => s.TraceId.ToHexString() == traceId && s.ParentSpanId == default);
        Assert.DoesNotContain(spans, s => s.TraceId.ToHexString() == "5759e98800000000000000000000abcd");
        var root = Assert.Single(spans, s => s.TraceId.ToHexString() == traceId && s.ParentSpanId == default);
        var epoch = Convert.ToInt64(root.TraceId.ToHexString()[..8], 16);
        Assert.InRange(epoch, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public async Task A_full_scenario_leaves_no_personal_data_or_secret_in_logs_or_spans_and_audits_each_event()
    {
        using var mailbox = new Mail.Mailbox();
        await using var app = new ObservedFactory(Mail.MailLinks.Settings(mailbox));
        const string ip = "198.51.100.23";
        var client = app.ClientFrom(ip);
        var email = Api.NewEmail("Private.Person");
        const string password = "my secret passphrase 42";
        const string newPassword = "another secret passphrase 43";
        var secrets = new List<string> { email, email.ToLowerInvariant(), email.ToUpperInvariant(), password, newPassword, ip };

        var registered = await client.Register(email.ToUpperInvariant(), password);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostJson("/v1/auth/login", new { email, password = "wrong guess number " + i });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var throttled = await client.PostJson("/v1/auth/login", new { email, password }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        }

        app.Time.Advance(TimeSpan.FromSeconds(2));
        var second = await client.Login(email, password);
        var rotated = Tokens.From(await (await client.Refresh(registered.RefreshToken)).Body());
        app.Time.Advance(TimeSpan.FromSeconds(11));
        using (var reuse = await client.Refresh(registered.RefreshToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        }

        var third = await client.Login(email, password);
        var secondSession = await SessionTests.SessionId(client, third.AccessToken, current: false);
        using (var revoke = await client.Send(HttpMethod.Delete, $"/v1/users/me/sessions/{secondSession}", third.AccessToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        // A wrong current password is a failed re-authentication, not a failed sign-in.
        using (var wrongCurrent = await client.Send(HttpMethod.Post, "/v1/users/me/password", third.AccessToken,
                   new { currentPassword = "wrong guess at the current one", newPassword }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrongCurrent.StatusCode);
        }

        using (var change = await client.Send(HttpMethod.Post, "/v1/users/me/password", third.AccessToken,
                   new { currentPassword = password, newPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        var fourth = await client.Login(email, newPassword);
        using (var logout = await client.Send(HttpMethod.Post, "/v1/auth/logout?scope=others", fourth.AccessToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        // The email flows: a reset (and one for an address with no account), then an email change.
        const string resetPassword = "a third secret passphrase 44";
        var unknown = Api.NewEmail("Nobody.Here");
        var moved = Api.NewEmail("Moved.Person");
        secrets.AddRange([resetPassword, unknown, moved]);
        foreach (var asked in new[] { email, unknown })
        {
            using var reset = await client.PostJson("/v1/auth/password-reset", new { email = asked });
            Assert.Equal(HttpStatusCode.Accepted, reset.StatusCode);
        }

        var resetMail = Assert.Single(await mailbox.ForAsync(email.ToLowerInvariant()));
        var resetToken = Mail.MailLinks.Token(resetMail);
        using (var confirm = await client.PostJson("/v1/auth/password-reset/confirm", new { token = resetToken, newPassword = resetPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        }

        var fifth = await client.Login(email, resetPassword);
        using (var change = await client.Send(HttpMethod.Post, "/v1/users/me/email", fifth.AccessToken,
                   new { newEmail = moved, currentPassword = resetPassword }))
        {
            Assert.Equal(HttpStatusCode.Accepted, change.StatusCode);
        }

        var changeToken = Mail.MailLinks.Token(Assert.Single(await mailbox.ForAsync(moved.ToLowerInvariant())));
        using (var confirm = await client.Send(HttpMethod.Post, "/v1/users/me/email/confirm", fifth.AccessToken, new { token = changeToken }))
        {
            Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        }

        secrets.AddRange([resetToken, changeToken, "#token=", fifth.AccessToken, fifth.RefreshToken]);

        // A session signed in before the factor is turned on: it will have to step up.
        var prior = await client.Login(moved, resetPassword);

        // The second factor (on the moved account): enrolment, confirmation, a sign-in with a wrong then a right code, one with a recovery code.
        string totpSecret;
        using (var enrol = await client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp", fifth.AccessToken,
                   new { currentPassword = resetPassword }))
        {
            var enrolment = await enrol.Body();
            totpSecret = enrolment.GetProperty("secret").GetString()!;
            secrets.AddRange([totpSecret, enrolment.GetProperty("otpauthUri").GetString()!]);
        }

        var codes = new List<string> { Oathtool.Code(totpSecret, app.Time.GetUtcNow()) };
        string[] recoveryCodes;
        using (var confirm = await client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/confirm", fifth.AccessToken, new { code = codes[0] }))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
            recoveryCodes = [.. (await confirm.Body()).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!)];
            secrets.AddRange(recoveryCodes);
            secrets.AddRange(recoveryCodes.Select(c => c.Replace("-", "", StringComparison.Ordinal)));
        }

        app.Time.Advance(TimeSpan.FromSeconds(30));
        var mfaTokens = new List<string>();
        async Task<string> ChallengeAsync()
        {
            using var login = await client.PostJson("/v1/auth/login", new { email = moved, password = resetPassword });
            var token = (await login.Body()).GetProperty("mfaToken").GetString()!;
            mfaTokens.Add(token);
            return token;
        }

        var first = await ChallengeAsync();
        codes.Add(Oathtool.Code(totpSecret, app.Time.GetUtcNow()));
        var wrongCode = ((int.Parse(codes[^1], System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000)
            .ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        codes.Add(wrongCode);
        using (var wrongMfa = await client.PostJson("/v1/auth/login/mfa", new { mfaToken = first, code = wrongCode }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongMfa.StatusCode);
        }

        Tokens sixth, seventh;
        using (var rightMfa = await client.PostJson("/v1/auth/login/mfa", new { mfaToken = first, code = codes[1] }))
        {
            Assert.Equal(HttpStatusCode.OK, rightMfa.StatusCode);
            sixth = Tokens.From(await rightMfa.Body());
        }

        using (var recovered = await client.PostJson("/v1/auth/login/mfa", new { mfaToken = await ChallengeAsync(), recoveryCode = recoveryCodes[0] }))
        {
            Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
            seventh = Tokens.From(await recovered.Body());
        }

        // Step-up: the password-only session is refused a deletion, then proves the factor with the next step's code.
        using (var refused = await client.Send(HttpMethod.Delete, "/v1/users/me", prior.AccessToken, new { password = resetPassword }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        app.Time.Advance(TimeSpan.FromSeconds(30));
        codes.Add(Oathtool.Code(totpSecret, app.Time.GetUtcNow()));
        using (var stepUp = await client.Send(HttpMethod.Post, "/v1/auth/step-up", prior.AccessToken, new { code = codes[^1] }))
        {
            Assert.Equal(HttpStatusCode.OK, stepUp.StatusCode);
            var stepped = (await stepUp.Body()).GetProperty("accessToken").GetString()!;
            secrets.AddRange([stepped, stepped.Split('.')[2]]);
        }

        // Managing the factor: new recovery codes with a code, then the factor turned off with one of the new codes.
        app.Time.Advance(TimeSpan.FromSeconds(30));
        codes.Add(Oathtool.Code(totpSecret, app.Time.GetUtcNow()));
        string[] newRecoveryCodes;
        using (var regenerate = await client.Send(HttpMethod.Post, "/v1/users/me/mfa/recovery-codes", fifth.AccessToken,
                   new { currentPassword = resetPassword, code = codes[^1] }))
        {
            Assert.Equal(HttpStatusCode.OK, regenerate.StatusCode);
            newRecoveryCodes = [.. (await regenerate.Body()).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!)];
            secrets.AddRange(newRecoveryCodes);
            secrets.AddRange(newRecoveryCodes.Select(c => c.Replace("-", "", StringComparison.Ordinal)));
        }

        using (var disable = await client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/disable", fifth.AccessToken,
                   new { currentPassword = resetPassword, recoveryCode = newRecoveryCodes[0] }))
        {
            Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        }

        Assert.Contains(await mailbox.ForAsync(moved.ToLowerInvariant(), 3),
            m => (m.TextBody ?? "").Contains("turn off two-step sign-in", StringComparison.Ordinal));

        secrets.AddRange(codes);
        secrets.AddRange(mfaTokens);
        var hash = ReadHash(app.DatabasePath, registered.UserId);
        using (var delete = await client.Send(HttpMethod.Delete, "/v1/users/me", fifth.AccessToken, new { password = resetPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        secrets.AddRange([hash, hash[13..], app.Setting("Passwords:Pepper")]);
        foreach (var tokens in new[] { registered, second, rotated, third, fourth, fifth, sixth, seventh, prior })
        {
            secrets.AddRange([tokens.AccessToken, tokens.RefreshToken, tokens.AccessToken.Split('.')[2]]);
        }

        var logs = app.LogLines.ToArray();
        var spanTexts = app.FinishedSpans().Select(Describe).ToArray();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(spanTexts, span => span.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }

        Assert.All(logs, line => JsonDocument.Parse(line));
        var audit = logs.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("category").GetString() == "Latch.Audit")
            .Select(l => l.GetProperty("auditEvent").GetString())
            .GroupBy(e => e).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(1, audit["Registered"]);
        Assert.Equal(5, audit["LoginFailed"]);
        Assert.Equal(1, audit["ReauthenticationFailed"]);
        Assert.Equal(1, audit["BackoffStarted"]);
        Assert.Equal(1, audit["LoginThrottled"]);
        Assert.Equal(7, audit["LoginSucceeded"]);
        Assert.Equal(1, audit["PasswordReset"]);
        Assert.Equal(1, audit["EmailChanged"]);
        Assert.Equal(1, audit["TotpEnrolmentStarted"]);
        Assert.Equal(1, audit["TotpEnabled"]);
        Assert.Equal(2, audit["MfaChallengeIssued"]);
        Assert.Equal(1, audit["TotpCodeRejected"]);
        Assert.Equal(2, audit["RecoveryCodeUsed"]);
        Assert.Equal(1, audit["RecoveryCodesRegenerated"]);
        Assert.Equal(1, audit["TotpDisabled"]);
        Assert.Equal(1, audit["RefreshReuseDetected"]);
        Assert.Equal(1, audit["SessionRevoked"]);
        Assert.Equal(1, audit["PasswordChanged"]);
        Assert.Equal(1, audit["LoggedOut"]);
        Assert.Equal(1, audit["AccountDeleted"]);
        Assert.Equal(1, audit["StepUpRequired"]);
        Assert.Equal(1, audit["StepUpSucceeded"]);

        var line = logs.Select(l => JsonDocument.Parse(l).RootElement).First(l => l.GetProperty("category").GetString() == "Latch.Audit");
        Assert.Matches("^[0-9a-f]{16}$", line.GetProperty("ipHash").GetString());
        Assert.Matches("^[0-9a-f]{32}$", line.GetProperty("traceId").GetString());
        Assert.Contains(logs, l => l.Contains("\"route\":\"/v1/users/me/sessions/{id}\"", StringComparison.Ordinal));
    }

    private static string Describe(System.Diagnostics.Activity span) =>
        string.Join('|', new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}")));

    private static string ReadHash(string path, string userId)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT password_hash FROM users WHERE id = $id";
        command.Parameters.AddWithValue("$id", userId);
        return (string)command.ExecuteScalar()!;
    }
}
