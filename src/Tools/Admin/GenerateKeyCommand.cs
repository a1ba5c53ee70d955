using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Latch.Tools.Deployment;
using Latch.Tools.Cli;

namespace Latch.Tools.Admin;

/// <summary>
/// <c>generate-key</c>: a new signing key, checked by the app's own key ring, written as one <c>Jwt:Keys:N</c>
/// entry (json: the appsettings or user-secrets shape; env: <c>Jwt__Keys__N__*</c> lines; pem: the bare value
/// that the stage's secret holds as <c>jwtPrivateKeyPem</c>).
/// </summary>
internal static class GenerateKeyCommand
{
    private static readonly string[] Options = ["--alg", "--id", "--slot", "--format", "--out"];

    public static async Task<int> RunAsync(IEnumerable<string> args, ToolContext context)
    {
        var arguments = Arguments.Parse(args, Options, []);
        if (arguments.Positional.Count > 0)
        {
            throw new UsageException($"unexpected argument '{arguments.Positional[0]}'.");
        }

        var algorithm = arguments.Required("--alg").ToUpperInvariant();
        if (!SigningKeys.Algorithms.Contains(algorithm))
        {
            throw new UsageException("--alg must be ES256 or HS256.");
        }

        var id = arguments.Option("--id") ?? DefaultId();
        if (id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new UsageException("--id may hold only letters, digits, '-', '_' and '.', at most 64 of them.");
        }

        var slot = arguments.Option("--slot") is null ? 0 : arguments.PositiveInt("--slot", 0);
        var format = arguments.Option("--format") ?? "json";
        var key = SigningKeys.Generate(algorithm, id);
        var text = format switch
        {
            "json" => Json(key),
            "env" => Env(key, slot),
            "pem" => (key.PrivateKeyPem ?? key.Secret!).TrimEnd() + "\n",
            _ => throw new UsageException("--format must be json, env or pem."),
        };

        if (arguments.Option("--out") is { } outPath)
        {
            var path = context.FullPath(outPath);
            try
            {
                await WritePrivateFileAsync(path, text);
            }
            catch (IOException exception)
            {
                await context.Error.WriteLineAsync($"generate-key: cannot write {outPath}: {exception.Message}");
                return LatchTool.Problems;
            }

            await context.Out.WriteLineAsync($"generate-key: wrote {algorithm} key '{id}' to {outPath} (readable by you only)");
        }
        else
        {
            await context.Out.WriteAsync(text);
        }

        await context.Error.WriteLineAsync(
            $"generate-key: {algorithm} key '{id}'. It is a secret: keep it out of the repository, shell history and chat. " +
            "Rotation: docs/runbook.md, \"Rotate the JWT signing key\".");
        return LatchTool.Ok;
    }

    private static string DefaultId() =>
        string.Create(CultureInfo.InvariantCulture,
            $"latch-{DateTime.UtcNow:yyyy-MM-dd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}");

    private static string Json(GeneratedSigningKey key)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("Id", key.Id);
            json.WriteString("Algorithm", key.Algorithm);
            if (key.PrivateKeyPem is not null)
            {
                json.WriteString("PrivateKeyPem", key.PrivateKeyPem);
            }

            if (key.Secret is not null)
            {
                json.WriteString("Secret", key.Secret);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    // Dotenv style: a PEM spans lines, so it is double-quoted.
    private static string Env(GeneratedSigningKey key, int slot)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"Jwt__Keys__{slot}__");
        var value = key.PrivateKeyPem is not null
            ? $"{prefix}PrivateKeyPem=\"{key.PrivateKeyPem.TrimEnd()}\""
            : $"{prefix}Secret={key.Secret}";
        return $"{prefix}Id={key.Id}\n{prefix}Algorithm={key.Algorithm}\n{value}\n";
    }

    private static async Task WritePrivateFileAsync(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var writer = new StreamWriter(path, options);
        await writer.WriteAsync(text);
    }
}
