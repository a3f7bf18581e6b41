using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Geo.Api.Reference.Plans;

/// <summary>A plan file that breaks the schema; the message names the file, the item and the field, Chinese first.</summary>
public sealed class PlanFileException(string file, string item, string field, string rule)
    : Exception($"计划文件 {file}，{item}，字段 {field}：{rule}")
{
    public string File { get; } = file;
    public string Item { get; } = item;
    public string Field { get; } = field;
}

/// <summary>
/// Reads plan files strictly: an unknown field or kind, a missing value, a date that is not yyyy-MM-dd, a target
/// both dated and standing, a source citing a document the plan does not hold, or a clause that does not occur in
/// the document's text is refused with a <see cref="PlanFileException"/>; nothing is guessed or dropped.
/// </summary>
public static class PlanFileReader
{
    /// <summary>data/plans next to the binary.</summary>
    public static string DefaultFolder => Path.Combine(NationalReference.DefaultFolder, "plans");

    internal static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    private static readonly string[] TopFields = ["unit", "documents", "standards", "targets", "not_taken"];
    private static readonly string[] UnitFields = ["adcode", "name", "level"];
    private static readonly string[] DocumentFields = ["id", "number", "title", "issuer", "issued", "notes"];
    private static readonly string[] SourceFields = ["document", "clause"];
    private static readonly string[] StandardFields = ["id", "name", "kind", "value", "due", "standing", "source", "notes"];
    private static readonly string[] CommonTargetFields = ["id", "name", "kind", "comparison", "value", "value_max", "due", "standing", "source", "notes"];
    private static readonly string[] PerUnitFields = ["unit", "name", "comparison", "value", "value_max"];
    private static readonly string[] NotTakenFields = ["source", "reason"];

    /// <summary>The fields each target kind adds to the common ones, and which of them it requires.</summary>
    private static readonly Dictionary<PlanTargetKind, (string[] Allowed, string[] Required)> KindFields = new()
    {
        [PlanTargetKind.SlotsPerThousand] = (["scope"], ["scope"]),
        [PlanTargetKind.InstitutionsPerSubdistrict] = (["min_per_subdistrict", "category"], ["min_per_subdistrict"]),
        [PlanTargetKind.InstitutionCount] = (["category", "per_unit"], ["category"]),
        [PlanTargetKind.AffordableSlotShare] = ([], []),
        [PlanTargetKind.NursingRoomShare] = (["places"], ["places"]),
        [PlanTargetKind.HousingDeliveredFacilityShare] = ([], []),
        [PlanTargetKind.LandReserved] = ([], []),
        [PlanTargetKind.CustomCount] = (["layer", "filter"], ["layer", "filter"]),
    };

    private static readonly HashSet<PlanTargetKind> ShareKinds =
        [PlanTargetKind.InstitutionsPerSubdistrict, PlanTargetKind.AffordableSlotShare, PlanTargetKind.NursingRoomShare, PlanTargetKind.HousingDeliveredFacilityShare];

    /// <summary>The fields a target of the kind adds to the common ones, and which of them it requires (what a form asks for).</summary>
    internal static (IReadOnlyList<string> Allowed, IReadOnlyList<string> Required) FieldsOf(PlanTargetKind kind) => KindFields[kind];

    /// <summary>Whether the kind's value is a share, a fraction from 0 to 1.</summary>
    internal static bool IsShare(PlanTargetKind kind) => ShareKinds.Contains(kind);

    /// <summary>Every data/plans/*.json in <paramref name="folder"/>, by adcode.</summary>
    public static IReadOnlyList<PlanFile> ReadAll(string? folder = null)
    {
        folder ??= DefaultFolder;
        return Directory.EnumerateFiles(folder, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(Read)
            .ToList();
    }

    /// <summary>Reads one plan file; its name must be the unit's adcode.</summary>
    public static PlanFile Read(string path)
    {
        var file = Path.GetFileName(path);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new PlanFileException(file, "全文", "—", $"不是合法的 JSON（not valid JSON: {e.Message}）");
        }
        var plan = Parse(root, file);
        return Path.GetFileNameWithoutExtension(path) == plan.Unit.Adcode
            ? plan
            : throw new PlanFileException(file, "unit", "adcode", $"文件名应为 {plan.Unit.Adcode}.json（the file is named after its unit's adcode）");
    }

    /// <summary>Validates and reads a plan given as JSON.</summary>
    public static PlanFile Parse(JsonNode? root, string file)
    {
        var top = AsObject(root, file, "全文", "—");
        Fields(top, file, "全文", TopFields, ["unit", "documents", "targets"]);
        Fields(AsObject(top["unit"], file, "unit", "unit"), file, "unit", UnitFields, UnitFields);
        Adcode(top["unit"]!["adcode"], file, "unit", "adcode");

        var documentIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (document, label) in Items(top, "documents", file, "文件"))
        {
            Fields(document, file, label, DocumentFields, ["id", "number", "title", "issuer", "issued"]);
            var id = Text(document["id"], file, label, "id");
            DateField(document["issued"], file, label, "issued", nullable: true);
            if (document["number"] is not null) Text(document["number"], file, label, "number");
            if (!documentIds.Add(id))
            {
                throw new PlanFileException(file, label, "id", $"文件 id \"{id}\" 重复（document ids are unique）");
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (standard, label) in Items(top, "standards", file, "标准"))
        {
            Fields(standard, file, label, StandardFields, ["id", "name", "kind", "value", "source"]);
            Enum<PlanStandardKind>(standard["kind"], file, label, "kind");
            Number(standard["value"], file, label, "value");
            DueOrStanding(standard, file, label);
            Source(standard["source"], file, label, documentIds);
            UniqueId(standard, ids, file, label);
        }
        foreach (var (target, label) in Items(top, "targets", file, "目标"))
        {
            ValidateTarget(target, file, label, documentIds);
            UniqueId(target, ids, file, label);
        }
        foreach (var (item, label) in Items(top, "not_taken", file, "未采用条款"))
        {
            Fields(item, file, label, NotTakenFields, NotTakenFields);
            Source(item["source"], file, label, documentIds);
            Text(item["reason"], file, label, "reason");
        }

        var plan = top.Deserialize<PlanFile>(Json)
            ?? throw new PlanFileException(file, "全文", "—", "为空（empty）");
        return plan with { Standards = plan.Standards ?? [], NotTaken = plan.NotTaken ?? [] };
    }

    private static void ValidateTarget(JsonObject target, string file, string label, HashSet<string> documents)
    {
        var kind = Enum<PlanTargetKind>(target["kind"], file, label, "kind");
        var (allowed, required) = KindFields[kind];
        Fields(target, file, label, [.. CommonTargetFields, .. allowed], ["id", "name", "kind", "source", .. required]);
        DueOrStanding(target, file, label);
        Source(target["source"], file, label, documents);

        if (target["per_unit"] is { } perUnit)
        {
            if (target["comparison"] is not null || target["value"] is not null || target["value_max"] is not null)
            {
                throw new PlanFileException(file, label, "per_unit", "有 per_unit 时，comparison/value/value_max 写在每个单位下（with per_unit, each unit carries its own comparison and value）");
            }
            var units = perUnit as JsonArray ?? throw new PlanFileException(file, label, "per_unit", "应为数组（must be an array）");
            if (units.Count == 0)
            {
                throw new PlanFileException(file, label, "per_unit", "不能为空（must list at least one unit）");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < units.Count; i++)
            {
                var field = $"per_unit[{i}]";
                var unit = AsObject(units[i], file, label, field);
                Fields(unit, file, $"{label} {field}", PerUnitFields, ["unit", "name", "comparison", "value"]);
                if (!seen.Add(Adcode(unit["unit"], file, label, $"{field}.unit")))
                {
                    throw new PlanFileException(file, label, $"{field}.unit", "单位重复（each unit once）");
                }
                Text(unit["name"], file, label, $"{field}.name");
                Comparison(unit, file, label, field, share: false);
            }
        }
        else
        {
            if (target["comparison"] is null || target["value"] is null)
            {
                throw new PlanFileException(file, label, target["comparison"] is null ? "comparison" : "value", "缺少（required unless per_unit lists the units）");
            }
            Comparison(target, file, label, "", ShareKinds.Contains(kind));
        }

        if (target["scope"] is { } scope) Enum<SlotScope>(scope, file, label, "scope");
        if (target["category"] is { } category) Enum<InstitutionCategory>(category, file, label, "category");
        if (target["min_per_subdistrict"] is { } min && (Number(min, file, label, "min_per_subdistrict") is var n && (n < 1 || n != Math.Floor(n))))
        {
            throw new PlanFileException(file, label, "min_per_subdistrict", "应为 ≥ 1 的整数（a whole number ≥ 1）");
        }
        if (target["places"] is { } places)
        {
            var list = places as JsonArray ?? throw new PlanFileException(file, label, "places", "应为数组（must be an array）");
            if (list.Count == 0) throw new PlanFileException(file, label, "places", "不能为空（list at least one place type）");
            for (var i = 0; i < list.Count; i++) Enum<Data.Entities.VenueType>(list[i], file, label, $"places[{i}]");
        }
        if (target["layer"] is { } layer && target["filter"] is { } filter)
        {
            var conditions = AsObject(filter, file, label, "filter").ToDictionary(c => c.Key, c => Text(c.Value, file, label, $"filter.{c.Key}"), StringComparer.Ordinal);
            if (CountFilters.Problem(Text(layer, file, label, "layer"), conditions) is var (field, rule))
            {
                throw new PlanFileException(file, label, field, rule);
            }
        }
    }

    private static void Comparison(JsonObject node, string file, string label, string prefix, bool share)
    {
        var at = prefix.Length == 0 ? "" : prefix + ".";
        var comparison = Enum<PlanComparison>(node["comparison"], file, label, at + "comparison");
        var value = Number(node["value"], file, label, at + "value");
        if (value < 0 || (share && value > 1))
        {
            throw new PlanFileException(file, label, at + "value", share ? "比例应在 0 到 1 之间（a share is a fraction from 0 to 1）" : "不能为负（must not be negative）");
        }
        var max = node["value_max"];
        if (comparison == PlanComparison.Between)
        {
            var upper = max is null
                ? throw new PlanFileException(file, label, at + "value_max", "between 需要 value_max（between needs value_max）")
                : Number(max, file, label, at + "value_max");
            if (upper < value || (share && upper > 1))
            {
                throw new PlanFileException(file, label, at + "value_max", "应不小于 value（must be ≥ value）");
            }
        }
        else if (max is not null)
        {
            throw new PlanFileException(file, label, at + "value_max", "只用于 between（only with comparison between）");
        }
    }

    private static void DueOrStanding(JsonObject node, string file, string label)
    {
        var due = DateField(node["due"], file, label, "due", nullable: true);
        var standing = node["standing"] switch
        {
            null => false,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            _ => throw new PlanFileException(file, label, "standing", "应为 true 或 false（must be a boolean）"),
        };
        if (due is null == !standing)
        {
            throw new PlanFileException(file, label, due is null ? "due" : "standing",
                "须有截止日期 due 或 standing: true，二者只取其一（give either a due date or standing: true, not both）");
        }
    }

    private static void Source(JsonNode? node, string file, string label, HashSet<string> documents)
    {
        var source = AsObject(node, file, label, "source");
        Fields(source, file, $"{label} source", SourceFields, SourceFields);
        var document = Text(source["document"], file, label, "source.document");
        if (!documents.Contains(document))
        {
            throw new PlanFileException(file, label, "source.document",
                $"引用了本计划未列出的文件 \"{document}\"；目标只能引用本单位自己的文件（a source cites one of this plan's own documents: {string.Join(", ", documents)}）");
        }
        Text(source["clause"], file, label, "source.clause");
    }

    private static IEnumerable<(JsonObject Node, string Label)> Items(JsonObject top, string field, string file, string noun)
    {
        if (top[field] is null) yield break;
        var array = top[field] as JsonArray ?? throw new PlanFileException(file, "全文", field, "应为数组（must be an array）");
        for (var i = 0; i < array.Count; i++)
        {
            var node = AsObject(array[i], file, $"{field}[{i}]", field);
            var id = node["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            yield return (node, id is null ? $"{noun} {field}[{i}]" : $"{noun} {id}");
        }
    }

    private static void Fields(JsonObject node, string file, string label, string[] allowed, string[] required)
    {
        foreach (var (name, _) in node)
        {
            if (!allowed.Contains(name))
            {
                throw new PlanFileException(file, label, name, $"未知字段（unknown field; allowed: {string.Join(", ", allowed)}）");
            }
        }
        foreach (var name in required)
        {
            if (!node.ContainsKey(name))
            {
                throw new PlanFileException(file, label, name, "缺少（required）");
            }
        }
    }

    private static void UniqueId(JsonObject node, HashSet<string> ids, string file, string label)
    {
        var id = Text(node["id"], file, label, "id");
        if (!ids.Add(id))
        {
            throw new PlanFileException(file, label, "id", $"id \"{id}\" 在本文件中重复（ids are unique within a plan）");
        }
    }

    private static JsonObject AsObject(JsonNode? node, string file, string label, string field) =>
        node as JsonObject ?? throw new PlanFileException(file, label, field, "应为对象（must be an object）");

    private static string Text(JsonNode? node, string file, string label, string field) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.Trim().Length > 0
            ? s
            : throw new PlanFileException(file, label, field, "应为非空文本（must be non-empty text）");

    private static double Number(JsonNode? node, string file, string label, string field) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? v.GetValue<double>()
            : throw new PlanFileException(file, label, field, "应为数字（must be a number）");

    private static string Adcode(JsonNode? node, string file, string label, string field)
    {
        var code = Text(node, file, label, field);
        return code.Length == 6 && code.All(char.IsAsciiDigit)
            ? code
            : throw new PlanFileException(file, label, field, $"\"{code}\" 不是 6 位行政区划代码（must be a 6-digit adcode）");
    }

    private static DateOnly? DateField(JsonNode? node, string file, string label, string field, bool nullable)
    {
        if (node is null && nullable) return null;
        var text = Text(node, file, label, field);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new PlanFileException(file, label, field, $"\"{text}\" 不是 yyyy-MM-dd 日期（must be a date yyyy-MM-dd）");
    }

    private static T Enum<T>(JsonNode? node, string file, string label, string field) where T : struct, Enum
    {
        var names = System.Enum.GetValues<T>().ToDictionary(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
        var text = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return text is not null && names.TryGetValue(text, out var value)
            ? value
            : throw new PlanFileException(file, label, field, $"未知的取值 \"{text ?? node?.ToJsonString()}\"（unknown value; allowed: {string.Join(", ", names.Keys)}）");
    }
}
