namespace Latch.Tools.Smoke;

internal enum Outcome
{
    Pass,
    Fail,
    Skip,
}

internal sealed record CheckResult(string Name, Outcome Outcome, string Detail)
{
    public override string ToString() => Outcome switch
    {
        Outcome.Pass => $"PASS {Name}" + (Detail.Length > 0 ? $" ({Detail})" : ""),
        Outcome.Fail => $"FAIL {Name}: {Detail}",
        _ => $"SKIP {Name}: {Detail}",
    };
}
