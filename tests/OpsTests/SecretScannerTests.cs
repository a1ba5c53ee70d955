using Latch.OpsTests.Support;
using Latch.Tools.Preflight;

namespace Latch.OpsTests;

public sealed class SecretScannerTests
{
    /// <summary>The repository as committed: no secret, with the NFKC data and the common-password list scanned too.</summary>
    [Fact]
    public void This_repository_holds_no_secret()
    {
        var tracked = Git.TrackedFiles(Repository.Root);

        Assert.Contains("tests/UnitTests/Data/NormalizationTest.txt", tracked);
        Assert.Contains("src/Infrastructure/Security/Passwords/common-passwords.txt", tracked);
        Assert.Empty(SecretScanner.ScanRepository(Repository.Root, tracked));
    }

    [Fact]
    public void Every_allow_list_entry_names_a_tracked_file_and_a_reason()
    {
        var tracked = Git.TrackedFiles(Repository.Root);

        Assert.All(SecretScanner.AllowList, entry =>
        {
            Assert.Contains(entry.Path, tracked);
            Assert.False(string.IsNullOrWhiteSpace(entry.Reason));
        });
    }

    [Theory]
    [InlineData("mongodb+srv://latch:<password>@cluster0.example.net/")]
    [InlineData("mongodb+srv://latch:${MONGO_PASSWORD}@cluster0.example.net/")]
    [InlineData("mongodb://user:****@db.example.net/")]
    [InlineData("string.Format(\"mongodb+srv://latch:{0}@cluster0.example.net/\", password)")]
    [InlineData("aws_access_key_id = AKIAIOSFODNN7EXAMPLE")]
    [InlineData("\"Secret\": \"REPLACE_WITH_THE_BASE64_OF_32_RANDOM_BYTES\"")]
    [InlineData("Jwt__Keys__0__Secret: '{{resolve:secretsmanager:latch/prod:SecretString:jwtSecret}}'")]
    [InlineData("git grep -nE 'BEGIN [A-Z ]*PRIVATE KEY|mongodb(\\+srv)?://[^/@ ]+:[^/@ ]+@|AKIA[0-9A-Z]{16}'")]
    public void Placeholders_and_patterns_are_not_secrets(string line) =>
        Assert.Empty(SecretScanner.ScanText("file", line));

    [Fact]
    public void A_finding_names_the_place_and_the_kind_only()
    {
        var secret = "Ab1" + Keys.Secret();
        var finding = Assert.Single(SecretScanner.ScanText("appsettings.json", $"{{\n  \"Pepper\": \"{secret}\"\n}}"));

        Assert.Equal("appsettings.json:2: a JWT secret or pepper assigned in configuration", finding.ToString());
        Assert.DoesNotContain(secret, finding.ToString());
    }
}
