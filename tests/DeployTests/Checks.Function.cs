using System.Text.Json.Nodes;

namespace Latch.DeployTests;

/// <summary>
/// Each check reads a template and returns what is wrong with it, one line per problem, empty when all is well.
/// The tests run every check on the packaged templates (expecting nothing) and on copies with one setting
/// broken on purpose (expecting that setting to be named), so no check can pass by looking at the wrong thing.
/// </summary>
internal static partial class Checks
{
    /// <summary>Runtime, handler, architecture, memory, timeout, reserved concurrency and the packaged artifact.</summary>
    public static IReadOnlyList<string> Function(Template template, StageSpec stage)
    {
        var problems = new List<string>();
        if (TheFunction(template, problems) is not { } function)
        {
            return problems;
        }

        var p = Template.Properties(function.Resource);
        Expect(problems, "Runtime", Cfn.Literal(p["Runtime"]), Spec.Runtime);
        Expect(problems, "Handler", Cfn.Literal(p["Handler"]), Spec.Handler);
        Expect(problems, "Architectures", string.Join(",", Cfn.OneOrMany(p["Architectures"]).Select(Cfn.Literal)), Spec.Architecture);
        Expect(problems, "MemorySize", Cfn.Number(p["MemorySize"]), Spec.MemorySize);
        Expect(problems, "Timeout", Cfn.Number(p["Timeout"]), Spec.TimeoutSeconds);

        var reserved = Cfn.Number(p["ReservedConcurrentExecutions"]);
        if (stage.ReservedConcurrency is { } exact)
        {
            Expect(problems, "ReservedConcurrentExecutions", reserved, exact);
        }
        else if (reserved is not > 0)
        {
            problems.Add($"ReservedConcurrentExecutions is {Show(reserved)}, expected a positive limit");
        }

        if (p["PackageType"] is not null && Cfn.Literal(p["PackageType"]) != "Zip")
        {
            problems.Add($"PackageType is {Cfn.Literal(p["PackageType"])}, expected the zip package");
        }

        var key = Cfn.Literal(p["Code"]?["S3Key"]);
        if (key is null || !key.EndsWith("/" + Spec.ArtifactFileName, StringComparison.Ordinal))
        {
            problems.Add($"Code.S3Key is {Show(key)}, expected the packaged {Spec.ArtifactFileName}");
        }

        return problems;
    }

    /// <summary>X-Ray: active tracing on the function, tracing on the API stage.</summary>
    public static IReadOnlyList<string> Tracing(Template template)
    {
        var problems = new List<string>();
        if (TheFunction(template, problems) is { } function)
        {
            Expect(problems, "function TracingConfig.Mode",
                Cfn.Literal(Template.Properties(function.Resource)["TracingConfig"]?["Mode"]), "Active");
        }

        if (template.Single("AWS::ApiGateway::Stage", problems) is { } stage)
        {
            Expect(problems, "stage TracingEnabled", Cfn.Bool(Template.Properties(stage.Resource)["TracingEnabled"]), true);
        }

        return problems;
    }

    /// <summary>OpenTelemetry: the ADOT collector layer built for the function's architecture, and the app exporting to it.</summary>
    public static IReadOnlyList<string> Telemetry(Template template)
    {
        var problems = new List<string>();
        if (TheFunction(template, problems) is not { } function)
        {
            return problems;
        }

        var p = Template.Properties(function.Resource);
        var architecture = Cfn.Literal(Cfn.First(p["Architectures"])) ?? "x86_64";
        var collectors = Cfn.OneOrMany(p["Layers"]).Select(l => Cfn.Text(l) ?? "")
            .Where(arn => arn.Contains(":layer:aws-otel-collector-", StringComparison.Ordinal)).ToList();
        if (collectors.Count != 1)
        {
            problems.Add($"expected one ADOT collector layer (aws-otel-collector-*), found {collectors.Count}");
        }
        else if (!Spec.AdotLayerArchitecture.TryGetValue(architecture, out var build) ||
                 !collectors[0].Contains($":layer:aws-otel-collector-{build}-", StringComparison.Ordinal))
        {
            problems.Add($"ADOT collector layer {collectors[0]} is not the build for architecture {architecture}");
        }

        var environment = Environment(function.Resource);
        Expect(problems, "Telemetry__Exporter", environment.GetValueOrDefault("Telemetry__Exporter"), "otlp");
        var endpoint = environment.GetValueOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (endpoint is null || !endpoint.StartsWith("http://localhost:", StringComparison.Ordinal))
        {
            problems.Add($"OTEL_EXPORTER_OTLP_ENDPOINT is {Show(endpoint)}, expected the collector extension on localhost");
        }

        return problems;
    }

    /// <summary>The ASP.NET Core environment the function runs as.</summary>
    public static IReadOnlyList<string> RunsAs(Template template, string expected)
    {
        var problems = new List<string>();
        if (TheFunction(template, problems) is { } function &&
            Environment(function.Resource).GetValueOrDefault("ASPNETCORE_ENVIRONMENT") is var actual && actual != expected)
        {
            problems.Add($"ASPNETCORE_ENVIRONMENT is {Show(actual)}, expected {expected}");
        }

        return problems;
    }

    /// <summary>The non-secret settings the app needs in Lambda, as environment variables.</summary>
    public static IReadOnlyList<string> Settings(Template template)
    {
        var problems = new List<string>();
        if (TheFunction(template, problems) is not { } function)
        {
            return problems;
        }

        var environment = Environment(function.Resource);
        foreach (var (name, expected) in Spec.Environment)
        {
            if (!environment.TryGetValue(name, out var actual) || string.IsNullOrWhiteSpace(actual))
            {
                problems.Add($"environment variable {name} is missing");
            }
            else if (expected is not null && actual != expected)
            {
                problems.Add($"environment variable {name} is {actual}, expected {expected}");
            }
        }

        // Development would generate keys into the function's disk; only Production (prod) and Staging (dev) deploy.
        if (environment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT") is { } aspnet && aspnet is not ("Production" or "Staging"))
        {
            problems.Add($"ASPNETCORE_ENVIRONMENT is {aspnet}, expected Production or Staging");
        }

        if (environment.GetValueOrDefault("Jwt__Keys__0__Algorithm") is { } algorithm && algorithm is not ("ES256" or "HS256"))
        {
            problems.Add($"Jwt__Keys__0__Algorithm is {algorithm}, expected ES256 or HS256");
        }

        if (environment.GetValueOrDefault("Passwords__BcryptWorkFactor") is { } factor &&
            (!int.TryParse(factor, out var workFactor) || workFactor is < 10 or > 16))
        {
            problems.Add($"Passwords__BcryptWorkFactor is {factor}, expected 10 to 16");
        }

        return problems;
    }

    /// <summary>The API function (its name ends <c>-api</c>); the stack's other function is the mail sender.</summary>
    private static (string Id, JsonObject Resource)? TheFunction(Template template, List<string> problems) =>
        FunctionNamed(template, Spec.ApiFunctionSuffix, problems);

    private static (string Id, JsonObject Resource)? FunctionNamed(Template template, string suffix, List<string> problems)
    {
        var matches = template.OfType("AWS::Lambda::Function")
            .Where(f => Cfn.Literal(Template.Properties(f.Resource)["FunctionName"])?.EndsWith(suffix, StringComparison.Ordinal) == true)
            .ToList();
        if (matches.Count != 1)
        {
            problems.Add($"expected one AWS::Lambda::Function named *{suffix}, found {matches.Count}");
            return null;
        }

        return matches[0];
    }

    /// <summary>The function's environment variables; values that are not plain text show as their JSON.</summary>
    private static Dictionary<string, string> Environment(JsonObject function) =>
        (Template.Properties(function)["Environment"]?["Variables"] as JsonObject ?? [])
            .ToDictionary(v => v.Key, v => Cfn.Literal(v.Value) ?? v.Value?.ToJsonString() ?? "");

    private static void Expect<T>(List<string> problems, string what, T? actual, T expected)
    {
        if (!EqualityComparer<T?>.Default.Equals(actual, expected))
        {
            problems.Add($"{what} is {Show(actual)}, expected {expected}");
        }
    }

    private static string Show(object? value) => value?.ToString() ?? "missing";
}
