namespace Geo.Analysis.Coverage;

/// <summary>
/// A district's dated target for a number of institutions of a kind, e.g. 梅江: ≥ 2 规范化 by end-2022.
/// </summary>
/// <param name="Name">How planners call the target.</param>
/// <param name="Count">Institutions required.</param>
/// <param name="DueDate">When they are due.</param>
/// <param name="Source">The rule text and document it comes from.</param>
/// <param name="Counts">The status an institution must have to count (<see cref="ProviderTraits.Standardised"/>, <see cref="ProviderTraits.Demonstration"/>…).</param>
public sealed record DatedTarget(string Name, int Count, DateOnly DueDate, string Source, ProviderTraits Counts)
{
    /// <summary>梅江区: ≥ 2 规范化 institutions by end-2022, ≥ 6 by end-2025.</summary>
    public static IReadOnlyList<DatedTarget> Meijiang { get; } =
    [
        new("规范化托育机构（2022年底）", 2, new DateOnly(2022, 12, 31), "梅区府办〔2021〕4号：2022年底前，我区至少建成2家规范化婴幼儿照护服务机构", ProviderTraits.Standardised),
        new("规范化托育机构（2025年底）", 6, new DateOnly(2025, 12, 31), "梅区府办〔2021〕4号：2025年底前，我区至少建成6家规范化婴幼儿照护服务机构", ProviderTraits.Standardised),
    ];

    /// <summary>环翠区: ≥ 1 示范 institution by 2023.</summary>
    public static IReadOnlyList<DatedTarget> Huancui { get; } =
    [
        new("示范性托育机构（2023年）", 1, new DateOnly(2023, 12, 31), "环翠区实施方案：到2023年，至少建立1处具有示范引领作用的托育机构", ProviderTraits.Demonstration),
    ];
}

/// <summary>One target held against the current state.</summary>
/// <param name="Shortfall">max(0, required − current).</param>
/// <param name="DueDate">For dated targets.</param>
public sealed record TargetEvaluation(
    string Target,
    string Source,
    double Current,
    double Required,
    bool Met,
    double Shortfall,
    DateOnly? DueDate = null);

/// <summary>Evaluates a district's coverage against its targets.</summary>
public static class CoverageTargets
{
    public const string NationalRule = "十四五公共服务规划：2025年每千人口拥有3岁以下婴幼儿托位数4.5个";
    // The local rules cite no document here: which document sets them depends on the unit, so the caller names it.
    public const string LocalStandardRule = "本地标准：新建居住区与老城区每千人口托位数（local standard per 1,000 residents）";
    public const string SubdistrictRule = "每个街镇的托育机构数（institutions in every 街道/镇）";
    public const string NursingRoomRule = "国卫指导发〔2016〕63号：建筑面积超过1万平方米或日客流量超过1万人的交通枢纽、商业中心、医院、旅游景区等公共场所应建立母婴室";

    /// <summary>
    /// In this order: 托位/千人 against the national target and against the local standard (supply-based),
    /// 街道/镇 with enough institutions, each dated target (counting selected institutions with its status),
    /// and, when given, public places that must and do have a 母婴室.
    /// </summary>
    public static IReadOnlyList<TargetEvaluation> Evaluate(
        DistrictCoverage district,
        IEnumerable<DatedTarget>? datedTargets = null,
        NursingRoomCoverageResult? nursingRooms = null)
    {
        ArgumentNullException.ThrowIfNull(district);
        var summary = district.Summary;
        var perThousand = summary.SlotsPerThousand ?? 0;
        var coded = district.Subdistricts.Where(s => s.Code is not null).ToList();
        var evaluations = new List<TargetEvaluation>
        {
            Evaluation("每千人口托位数（国家目标）", NationalRule, perThousand, district.Parameters.NationalSlotsPerThousand),
            Evaluation("每千人口托位数（本地标准）", LocalStandardRule, perThousand, summary.RequiredPerThousand ?? 0),
            Evaluation(
                $"有{district.Parameters.MinInstitutionsPerSubdistrict}家以上托育机构的街镇",
                SubdistrictRule,
                coded.Count(s => s.MeetsInstitutionTarget),
                coded.Count),
        };

        foreach (var target in (datedTargets ?? []).OrderBy(t => t.DueDate).ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            ArgumentNullException.ThrowIfNull(target, nameof(datedTargets));
            var current = CountWith(district, target.Counts);
            evaluations.Add(Evaluation(target.Name, target.Source, current, target.Count) with { DueDate = target.DueDate });
        }

        if (nursingRooms is not null)
        {
            evaluations.Add(Evaluation("应设母婴室的公共场所已设置", NursingRoomRule, nursingRooms.RequiredPlacesWithRoom, nursingRooms.RequiredPlaces));
        }

        return evaluations;
    }

    private static int CountWith(DistrictCoverage district, ProviderTraits status) => status switch
    {
        ProviderTraits.Standardised => district.Summary.StandardisedInstitutions,
        ProviderTraits.Demonstration => district.Summary.DemonstrationInstitutions,
        _ => throw new ArgumentException($"Dated targets can count 规范化 (Standardised) or 示范 (Demonstration) institutions, not '{status}'.", nameof(status)),
    };

    private static TargetEvaluation Evaluation(string target, string source, double current, double required)
    {
        // Tolerate rounding in per-1,000 ratios computed from sums.
        var met = current >= required - 1e-9;
        return new TargetEvaluation(target, source, current, required, met, met ? 0 : required - current);
    }
}
