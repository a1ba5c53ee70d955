namespace Latch.Tools.Deployment;

/// <summary>
/// What a stage is meant to be (serverless.yml's custom.stages and docs/deploy.md), and so how preflight judges it.
/// Every stage is judged as production unless it is named here: a new stage, or a typo, never gets weaker rules.
/// </summary>
/// <param name="Stage">The stage name (<c>--stage</c>).</param>
/// <param name="Environment">The ASPNETCORE_ENVIRONMENT the stage runs, whose start-up rules the app applies to it.</param>
/// <param name="LocalOrigins">
/// Whether the stage may name local front ends (localhost, over http or https) among its CORS origins. Any other origin
/// is https:// on every stage.
/// </param>
internal sealed record StageRules(string Stage, string Environment, bool LocalOrigins)
{
    public const string Production = "Production";
    public const string Staging = "Staging";

    /// <summary>
    /// The dev stage serves front ends under development on localhost: it runs Staging, whose start-up rules let an
    /// http origin through (Production refuses one). Its store, secrets and limits are held to the production rules.
    /// </summary>
    public static StageRules Dev { get; } = new("dev", Staging, LocalOrigins: true);

    public static StageRules For(string stage) => stage switch
    {
        "dev" => Dev,
        _ => new StageRules(stage, Production, LocalOrigins: false),
    };
}
