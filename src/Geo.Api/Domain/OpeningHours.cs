using System.Globalization;
using System.Text.RegularExpressions;

namespace Geo.Api.Domain;

/// <summary>
/// Opening hours written as day ranges and time spans, e.g. "Mo-Fr 07:30-18:00; Sa 08:00-12:00" or
/// "Mo-Su 00:00-24:00" (days Mo Tu We Th Fr Sa Su; several spans separated by commas; rules by "; ").
/// </summary>
public sealed partial class OpeningHours
{
    public const string Format = "day range and time spans, e.g. \"Mo-Fr 07:30-18:00; Sa 08:00-12:00\"";

    private static readonly string[] Days = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    private readonly List<(int FirstDay, int LastDay, List<(TimeOnly From, TimeOnly To, bool ToMidnight)> Spans)> _rules;

    private OpeningHours(List<(int, int, List<(TimeOnly, TimeOnly, bool)>)> rules) => _rules = rules;

    public static bool TryParse(string? text, out OpeningHours? hours, out string? error)
    {
        hours = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return false;
        }

        var rules = new List<(int, int, List<(TimeOnly, TimeOnly, bool)>)>();
        foreach (var part in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = RulePattern().Match(part);
            if (!match.Success)
            {
                error = $"\"{part}\" is not a {Format}";
                return false;
            }

            var first = Array.IndexOf(Days, match.Groups["from"].Value);
            var last = match.Groups["to"].Success ? Array.IndexOf(Days, match.Groups["to"].Value) : first;
            if (last < first)
            {
                error = $"\"{part}\": the day range must run forwards from Mo to Su";
                return false;
            }

            var spans = new List<(TimeOnly, TimeOnly, bool)>();
            foreach (var span in match.Groups["spans"].Value.Split(','))
            {
                var times = span.Split('-');
                if (!TryTime(times[0], out var from, out _) || !TryTime(times[1], out var to, out var midnight) || (!midnight && to <= from))
                {
                    error = $"\"{span}\": times must be HH:MM with the end after the start (24:00 allowed as an end)";
                    return false;
                }

                spans.Add((from, to, midnight));
            }

            rules.Add((first, last, spans));
        }

        hours = new OpeningHours(rules);
        return true;
    }

    /// <summary>Whether the place is open at a local date and time (China Standard Time is the caller's).</summary>
    public bool IsOpenAt(DateTime local)
    {
        var day = ((int)local.DayOfWeek + 6) % 7; // Monday = 0
        var time = TimeOnly.FromDateTime(local);
        return _rules.Any(r => day >= r.FirstDay && day <= r.LastDay &&
                               r.Spans.Any(s => time >= s.From && (s.ToMidnight || time < s.To)));
    }

    private static bool TryTime(string text, out TimeOnly time, out bool midnight)
    {
        midnight = text == "24:00";
        if (midnight)
        {
            time = TimeOnly.MaxValue;
            return true;
        }

        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    [GeneratedRegex(@"^(?<from>Mo|Tu|We|Th|Fr|Sa|Su)(-(?<to>Mo|Tu|We|Th|Fr|Sa|Su))? (?<spans>\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*)$")]
    private static partial Regex RulePattern();
}
