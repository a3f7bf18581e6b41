using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// Turns the loosely typed attributes of a file (text from CSV, numbers from a .dbf, JSON from GeoJSON) into a
/// layer's input record, through the API's own JSON contract so that imports obey exactly the API's rules.
/// Each value that cannot be read becomes a problem naming the field, the value and what is allowed.
/// </summary>
public static partial class AttributeCoercion
{
    /// <summary>The API's JSON settings (snake_case, enums as words, unknown fields refused).</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    private static readonly ConcurrentDictionary<Type, IReadOnlyList<(string Name, Type Type)>> FieldsByType = new();

    private static readonly string[] ListSeparators = [",", ";", "、", "|", "，", "；"];

    /// <summary>The snake_case fields a client writes for an input record.</summary>
    public static IReadOnlyList<(string Name, Type Type)> Fields(Type input) => FieldsByType.GetOrAdd(input, type =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => (JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p.PropertyType))
            .ToList());

    /// <summary>
    /// The input record of a row. A value that cannot be read is a problem and is left out, and the rest is still
    /// read, so that the layer's own rules run too and a row's every problem is reported at once.
    /// </summary>
    public static TInput? ToInput<TInput>(IReadOnlyDictionary<string, object?> attributes, List<ImportProblem> problems) where TInput : class
    {
        var json = new JsonObject();
        foreach (var (name, type) in Fields(typeof(TInput)))
        {
            if (!attributes.TryGetValue(name, out var value) || value is null)
            {
                continue;
            }

            var node = ToNode(value, type, out var error);
            if (error is not null)
            {
                problems.Add(ImportProblem.Error(name, error));
            }
            else if (node is not null)
            {
                json[name] = node;
                if (value is string text && SpreadsheetVocabulary.Approximate.TryGetValue(text.Trim(), out var note))
                {
                    problems.Add(ImportProblem.Warning(name, note));
                }
            }
        }

        try
        {
            return json.Deserialize<TInput>(Json);
        }
        catch (JsonException e)
        {
            var field = e.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "properties";
            var message = e.Message.IndexOf(" Path:", StringComparison.Ordinal) is var cut and > 0 ? e.Message[..cut] : e.Message;
            problems.Add(ImportProblem.Error(field, message));
            return null;
        }
    }

    /// <summary>
    /// A number as spreadsheets write it: '1,200' (thousands grouped), '4966户' (a unit after it), '12.5万' (×10,000).
    /// Hedged figures ('约40个', '40左右', '40余') are not read: the sheet does not say the number.
    /// </summary>
    public static bool TryReadNumber(string text, out decimal number)
    {
        var t = text.Trim().Replace(" ", "", StringComparison.Ordinal);
        number = 0;
        if (t.Length == 0 || t.StartsWith('约') || t.StartsWith("大约", StringComparison.Ordinal) || t.EndsWith("左右", StringComparison.Ordinal) ||
            t.Contains('余') || t.Contains('多') || t.Contains('~') || t.Contains('～'))
        {
            return false;
        }

        foreach (var unit in NumberUnits)
        {
            if (t.Length > unit.Length && t.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                t = t[..^unit.Length];
                break;
            }
        }

        var scale = 1m;
        if (t.EndsWith('万'))
        {
            (t, scale) = (t[..^1], 10_000m);
        }

        if (GroupedThousands().IsMatch(t))
        {
            t = t.Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
        }

        if (!decimal.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        number *= scale;
        return true;
    }

    private static readonly string[] NumberUnits =
        ["平方米", "m²", "m2", "㎡", "人次", "元/月", "户", "人", "个", "位", "张", "元", "米", "m", "层", "年"];

    [System.Text.RegularExpressions.GeneratedRegex(@"^-?\d{1,3}([,，]\d{3})+(\.\d+)?$")]
    private static partial System.Text.RegularExpressions.Regex GroupedThousands();

    private static JsonNode? ToNode(object value, Type target, out string? error)
    {
        error = null;
        target = Nullable.GetUnderlyingType(target) ?? target;
        var text = value switch
        {
            string s => Unneutralised(s.Trim()),
            DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(),
            _ => value.ToString(),
        } ?? "";

        if (target == typeof(string))
        {
            return value is JsonElement { ValueKind: JsonValueKind.Array or JsonValueKind.Object } ? null : JsonValue.Create(text);
        }

        if (target == typeof(int) || target == typeof(long) || target == typeof(double) || target == typeof(decimal))
        {
            if (!TryReadNumber(text, out var number))
            {
                error = $"'{text}' is not a number (read: 1200, 1,200, 4966户, 12.5万; not 约40个)";
                return null;
            }

            if ((target == typeof(int) || target == typeof(long)) && number != decimal.Truncate(number))
            {
                error = $"'{text}' is not a whole number";
                return null;
            }

            return target == typeof(int) && number is < int.MinValue or > int.MaxValue ? Fail(out error, $"'{text}' is too large")
                : target == typeof(int) ? JsonValue.Create((int)number)
                : target == typeof(long) ? JsonValue.Create((long)number)
                : target == typeof(double) ? JsonValue.Create((double)number)
                : JsonValue.Create(number);
        }

        if (target == typeof(bool))
        {
            return text.ToUpperInvariant() switch
            {
                "TRUE" or "T" or "1" or "YES" or "Y" => JsonValue.Create(true),
                "FALSE" or "F" or "0" or "NO" or "N" => JsonValue.Create(false),
                _ when SpreadsheetVocabulary.True.Contains(text) => JsonValue.Create(true),
                _ when SpreadsheetVocabulary.False.Contains(text) => JsonValue.Create(false),
                _ => Fail(out error, $"'{text}' is not true/false (also accepted: 1/0, yes/no, 是/否, √/×)"),
            };
        }

        if (target == typeof(DateOnly))
        {
            if (DateOnly.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime)
                ? JsonValue.Create(DateOnly.FromDateTime(dateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                : Fail(out error, $"'{text}' is not a date (expected yyyy-MM-dd)");
        }

        if (target.IsEnum)
        {
            return Word(text, target, out error) is { } word ? JsonValue.Create(word) : null;
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>))
        {
            var element = target.GetGenericArguments()[0];
            text = WithoutOgrCount(text);
            if (text.StartsWith('['))
            {
                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    return Fail(out error, $"'{Shorten(text)}' is not a JSON array");
                }
            }

            if (!element.IsEnum)
            {
                return Fail(out error, $"must be a JSON array, e.g. [{{\"type\":\"toddler\",\"count\":1,\"children\":12}}]");
            }

            var array = new JsonArray();
            foreach (var part in text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Word(part, element, out error) is not { } word)
                {
                    return null;
                }

                array.Add(word);
            }

            return array;
        }

        return Fail(out error, $"cannot be read from '{Shorten(text)}'");
    }

    /// <summary>OGR writes a StringList as "(2:full_day,half_day)": the count, a colon, the items comma-separated.</summary>
    private static string WithoutOgrCount(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return text.Length >= 4 && text[0] == '(' && text[^1] == ')' && colon >= 2 && text[1..colon].All(char.IsAsciiDigit)
            ? text[(colon + 1)..^1]
            : text;
    }

    private static string? Word(string text, Type enumType, out string? error)
    {
        error = null;
        var words = Enum.GetNames(enumType).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName).ToList();
        var normalised = JsonNamingPolicy.SnakeCaseLower.ConvertName(text.Trim().Replace(' ', '_').Replace('-', '_'));
        if (words.Contains(normalised))
        {
            return normalised;
        }

        if (SpreadsheetVocabulary.WordOf(text, enumType) is { } word)
        {
            return word;
        }

        var chinese = SpreadsheetVocabulary.Values.TryGetValue(enumType, out var known)
            ? words.Select(w => known.TryGetValue(w, out var c) ? $"{w} ({c[0]})" : w) : words;
        error = $"'{text}' must be one of {string.Join(", ", chinese)}";
        return null;
    }

    /// <summary>A cell an export wrote as '=… (so no spreadsheet runs it as a formula) is read back as written.</summary>
    public static string Unneutralised(string text) =>
        text.Length > 1 && text[0] == '\'' && FormulaStarts.Contains(text[1]) ? text[1..] : text;

    /// <summary>Characters that make a spreadsheet read a cell as a formula (CSV injection).</summary>
    public static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    private static JsonNode? Fail(out string? error, string message)
    {
        error = message;
        return null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions();
        ApiServices.ConfigureJson(json);
        return json;
    }
}
