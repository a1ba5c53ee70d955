namespace Latch.Tools.Smoke;

/// <summary>The results so far; each line is printed as soon as its check is decided.</summary>
internal sealed class CheckLog(TextWriter output)
{
    private readonly List<CheckResult> _results = [];

    public IReadOnlyList<CheckResult> Results => _results;

    /// <summary>Passes with <paramref name="passDetail"/> when there are no problems, else fails naming them all.</summary>
    public Task Result(string name, List<string> problems, string passDetail) =>
        problems.Count == 0 ? Pass(name, passDetail) : Fail(name, string.Join("; ", problems));

    public Task Pass(string name, string detail) => Record(new CheckResult(name, Outcome.Pass, detail));

    public Task Fail(string name, string detail) => Record(new CheckResult(name, Outcome.Fail, detail));

    public Task Skip(string name, string detail) => Record(new CheckResult(name, Outcome.Skip, detail));

    public async Task SkipAll(string detail, params string[] names)
    {
        foreach (var name in names)
        {
            await Skip(name, detail);
        }
    }

    private async Task Record(CheckResult result)
    {
        _results.Add(result);
        await output.WriteLineAsync(result.ToString());
    }
}
