namespace Geo.Api.Data.Entities;

// Enumerations of the domain. They are stored as snake_case text guarded by check constraints, and travel
// in JSON as the same snake_case words, so the database, the API and the map speak one vocabulary.

public enum DistrictLevel { Province, City, District, Subdistrict, Community }

/// <summary>性质.</summary>
public enum InstitutionNature { PublicInstitution, NonProfit, ForProfit }

/// <summary>举办类型.</summary>
public enum OperatorType { Independent, KindergartenClass, Employer, Community, HomeBased }

/// <summary>收托类型.</summary>
public enum ServiceType { FullDay, HalfDay, Hourly, Occasional }

/// <summary>班级 type; the caps are those of 托育机构设置标准(试行).</summary>
public enum ClassType { Infant, Toddler, Older, Mixed }

/// <summary>备案 status.</summary>
public enum FilingStatus { Unfiled, Filed, NonCompliant, Cancelled }

public enum QualityGrade { A, B, C, D }

public enum InstitutionStatus { Operating, Planned, Closed }

/// <summary>Kinds of public place that may have to have a 母婴室 (国卫指导发〔2016〕63号 and the seed plans).</summary>
public enum VenueType
{
    TransportHub, Mall, Hospital, TouristSite, TownshipHealthCentre, CommunityHealthCentre, Workplace, Other,
}

/// <summary>Equipment a 母婴室 should have.</summary>
public enum NursingRoomEquipment
{
    ChangingTable, BasinHotWater, Crib, NursingChair, Table, PowerSocket, CallDevice, Bin, LockableDoor,
}

/// <summary>居住区 kind: 新建 (new) or 老城区·已建成 (old, built-up); each has its own 托位 standard.</summary>
public enum ResidentialKind { New, Old }

/// <summary>用地性质.</summary>
public enum LandUse
{
    Education, HealthCare, SocialWelfare, Commercial, ResidentialService, Residential, Industrial, GreenSpace, Other,
}

/// <summary>地块 status: 闲置 / 低效 / 兼容 / 储备 / 已出让.</summary>
public enum ParcelStatus { Idle, LowEfficiency, Compatible, Reserve, Sold }

/// <summary>Where a new residential area's childcare facility stands: 规划中, 在建, 已交付.</summary>
public enum FacilityStatus { Planned, UnderConstruction, Delivered }

/// <summary>Kinds of dated planning target a district carries (beside its 托位 standards).</summary>
public enum TargetKind { StandardisedInstitutions, DemonstrationInstitutions, SlotsPerThousand, PuhuiShare }

public static class ClassCaps
{
    /// <summary>Most children a class of the type may hold (乳儿班 10, 托小班 15, 托大班 20, 混龄班 18).</summary>
    public static int MaxChildren(ClassType type) => type switch
    {
        ClassType.Infant => 10,
        ClassType.Toddler => 15,
        ClassType.Older => 20,
        ClassType.Mixed => 18,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}

/// <summary>The snake_case words enum values are stored and sent as (FullDay ↔ full_day).</summary>
/// <remarks>
/// Each enum's words are made once, in both directions: the coverage analyses read and write one per row of a city's
/// 190,000 residential areas, which would otherwise each convert the value's name and search the values anew.
/// </remarks>
public static class Words
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Cache<TEnum>.Word.TryGetValue(value, out var word) ? word : Made(value);

    public static IEnumerable<string> All<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of);

    public static bool TryParse<TEnum>(string? word, out TEnum value) where TEnum : struct, Enum
    {
        if (word is not null && Cache<TEnum>.Value.TryGetValue(word, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The value a stored word stands for; a word that is none of the enum's is a fault of the data.</summary>
    /// <exception cref="InvalidDataException">Not one of <typeparamref name="TEnum"/>'s words.</exception>
    public static TEnum Parse<TEnum>(string word) where TEnum : struct, Enum =>
        TryParse(word, out TEnum value) ? value : throw new InvalidDataException($"'{word}' is not a word of {typeof(TEnum).Name}");

    private static string Made<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static class Cache<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> Word = [];
        public static readonly Dictionary<string, TEnum> Value = new(StringComparer.Ordinal);

        static Cache()
        {
            // In declaration order of values, the first name of a value and the first value of a word win, as a search would find them.
            foreach (var value in Enum.GetValues<TEnum>())
            {
                var word = Made(value);
                Word.TryAdd(value, word);
                Value.TryAdd(word, value);
            }
        }
    }
}
