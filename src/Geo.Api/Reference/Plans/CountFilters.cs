using Geo.Api.Features.ImportExport;

namespace Geo.Api.Reference.Plans;

/// <summary>
/// The layer filters a <see cref="PlanTargetKind.CustomCount"/> target may use: per layer, the fields a filter may
/// name and the words each takes (the layer's own snake_case words, or the Chinese a spreadsheet writes for them,
/// from <see cref="SpreadsheetVocabulary"/>). Every condition must hold; on a list field (收托类型, 班级, 设施) it
/// holds when the list contains the word. Plan files and the API check filters here, so both refuse the same ones.
/// </summary>
public static class CountFilters
{
    /// <summary>A filterable field: the enumeration its words come from (bool for yes/no), and its words on a record.</summary>
    private sealed record Field(Type Values, Func<object, IEnumerable<string>> Read);

    private static IEnumerable<string> One<TEnum>(TEnum value) where TEnum : struct, Enum => [Words.Of(value)];

    private static IEnumerable<string> One<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? [Words.Of(v)] : [];

    private static IEnumerable<string> Yes(bool value) => [value ? "true" : "false"];

    private static readonly Dictionary<string, Dictionary<string, Field>> Layers = new(StringComparer.Ordinal)
    {
        ["institutions"] = new(StringComparer.Ordinal)
        {
            ["service_types"] = new(typeof(ServiceType), o => ((Institution)o).ServiceTypes.Select(Words.Of)),
            ["classes"] = new(typeof(ClassType), o => ((Institution)o).Classes.Select(c => Words.Of(c.Type))),
            ["nature"] = new(typeof(InstitutionNature), o => One(((Institution)o).Nature)),
            ["operator_type"] = new(typeof(OperatorType), o => One(((Institution)o).OperatorType)),
            ["filing_status"] = new(typeof(FilingStatus), o => One(((Institution)o).FilingStatus)),
            ["quality_grade"] = new(typeof(QualityGrade), o => One(((Institution)o).QualityGrade)),
            ["is_puhui"] = new(typeof(bool), o => Yes(((Institution)o).IsPuhui)),
            ["is_demonstration"] = new(typeof(bool), o => Yes(((Institution)o).IsDemonstration)),
            ["is_standardised"] = new(typeof(bool), o => Yes(((Institution)o).IsStandardised)),
        },
        ["nursing_rooms"] = new(StringComparer.Ordinal)
        {
            ["venue_type"] = new(typeof(VenueType), o => One(((NursingRoom)o).VenueType)),
            ["equipment"] = new(typeof(NursingRoomEquipment), o => ((NursingRoom)o).Equipment.Select(Words.Of)),
        },
        ["public_places"] = new(StringComparer.Ordinal)
        {
            ["place_type"] = new(typeof(VenueType), o => One(((PublicPlace)o).PlaceType)),
            ["requires_nursing_room"] = new(typeof(bool), o => Yes(((PublicPlace)o).RequiresNursingRoom)),
        },
        ["residential_areas"] = new(StringComparer.Ordinal)
        {
            ["kind"] = new(typeof(ResidentialKind), o => One(((ResidentialArea)o).Kind)),
            ["facility_status"] = new(typeof(FacilityStatus), o => One(((ResidentialArea)o).FacilityStatus)),
        },
        ["parcels"] = new(StringComparer.Ordinal)
        {
            ["land_use"] = new(typeof(LandUse), o => One(((Parcel)o).LandUse)),
            ["status"] = new(typeof(ParcelStatus), o => One(((Parcel)o).Status)),
            ["allocation_eligible"] = new(typeof(bool), o => Yes(((Parcel)o).AllocationEligible)),
        },
    };

    public static IReadOnlyCollection<string> LayerNames => Layers.Keys;

    /// <summary>The first rule the layer or filter breaks, as (field, rule in Chinese then English), or null when it is a filter.</summary>
    public static (string Field, string Rule)? Problem(string layer, IReadOnlyDictionary<string, string> filter)
    {
        if (!Layers.TryGetValue(layer, out var fields))
        {
            return ("layer", $"未知图层 \"{layer}\"（unknown layer; allowed: {string.Join(", ", Layers.Keys)}）");
        }

        if (filter.Count == 0)
        {
            return ("filter", "至少需要一个条件（give at least one field → value; a count of every record is a count with no filter of its own kind）");
        }

        foreach (var (name, value) in filter)
        {
            if (!fields.TryGetValue(name, out var field))
            {
                return ($"filter.{name}", $"图层 {layer} 不能按此字段筛选（unknown field; allowed: {string.Join(", ", fields.Keys)}）");
            }

            if (Normalise(field, value) is null)
            {
                return ($"filter.{name}", $"未知的取值 \"{value}\"（unknown value; allowed: {string.Join(", ", Allowed(field))}）");
            }
        }

        return null;
    }

    /// <summary>Whether a record of the layer meets every condition of a filter that passed <see cref="Problem"/>.</summary>
    public static bool Matches(string layer, IReadOnlyDictionary<string, string> filter, object record)
    {
        var fields = Layers[layer];
        return filter.All(c => fields[c.Key] is var field && field.Read(record).Contains(Normalise(field, c.Value), StringComparer.Ordinal));
    }

    private static string? Normalise(Field field, string value)
    {
        var text = value.Trim();
        if (field.Values == typeof(bool))
        {
            return text is "true" || SpreadsheetVocabulary.True.Contains(text) ? "true"
                : text is "false" || SpreadsheetVocabulary.False.Contains(text) ? "false" : null;
        }

        return Allowed(field).Contains(text, StringComparer.Ordinal) ? text : SpreadsheetVocabulary.WordOf(text, field.Values);
    }

    private static IEnumerable<string> Allowed(Field field) =>
        field.Values == typeof(bool) ? ["true", "false"] : Enum.GetValues(field.Values).Cast<Enum>().Select(v => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
}
