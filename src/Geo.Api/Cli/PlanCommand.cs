using Geo.Api.Features.Targets;
using Geo.Api.Reference.Plans;

namespace Geo.Api.Cli;

/// <summary>
/// `Geo.Api apply-plan &lt;adcode&gt; [--dry-run]`: applies data/plans/&lt;adcode&gt;.json to the unit's targets and
/// standards (idempotent: a second run changes nothing). Exit code 0 when applied or when the unit has no plan
/// file (it is then judged by the national rules), 2 when the arguments, the unit or the file are wrong.
/// </summary>
public static class PlanCommand
{
    public const string Usage = "usage: Geo.Api apply-plan <adcode> [--dry-run]";

    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        if (args.FirstOrDefault(a => !a.StartsWith('-')) != "apply-plan")
        {
            return false;
        }

        await using var scope = app.Services.CreateAsyncScope();
        Environment.ExitCode = await RunAsync(scope.ServiceProvider.GetRequiredService<IPlanApplier>(), args.SkipWhile(a => a != "apply-plan").Skip(1).ToArray(), Console.Out);
        return true;
    }

    public static async Task<int> RunAsync(IPlanApplier applier, string[] args, TextWriter output)
    {
        var codes = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (codes.Count != 1 || codes[0].Length != 6 || !codes[0].All(char.IsAsciiDigit) || args.Any(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--dry-run"))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        try
        {
            var result = await applier.ApplyAsync(codes[0], args.Contains("--dry-run"), CancellationToken.None);
            await output.WriteLineAsync(result.HasPlan
                ? $"{result.Adcode}: {(result.DryRun ? "would add" : "added")} {result.Added}, updated {result.Updated}, unchanged {result.Unchanged}, removed {result.Removed}"
                : $"{result.Adcode}: {result.Note}");
            return 0;
        }
        catch (Exception e) when (e is PlanFileException or InvalidOperationException)
        {
            await output.WriteLineAsync(e.Message);
            return 2;
        }
    }
}
