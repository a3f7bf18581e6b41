using Geo.Analysis.Targets;
using Geo.Api.Reference.Plans;

namespace Geo.Api.Features.Targets;

/// <summary>
/// The targets and standards that bind a unit: its own, and from the units above it (province → city → district)
/// the ratios and shares (a count set for a province is not a count for each district) and the items of per-unit
/// targets that name it. Each keeps its own unit's source; where nothing in the chain sets a standard the national
/// rule applies, labelled as national.
/// </summary>
internal sealed class TargetCatalogue
{
    public const string National = "national";
    private const string NationalName = "国家规则 (national rules)";

    private static readonly HashSet<PlanTargetKind> OwnOnly = [PlanTargetKind.InstitutionCount, PlanTargetKind.LandReserved, PlanTargetKind.CustomCount];

    /// <summary>The national rules that hold where no unit of the chain sets its own (docs/targets.md).</summary>
    public const double NationalNewAreaSlotsPerThousand = 10;

    private static readonly (PlanStandardKind Kind, double Value, string Source)[] NationalStandards =
    [
        (PlanStandardKind.SlotsPerThousandNewAreas, NationalNewAreaSlotsPerThousand, "JGJ 39—2016（2019年版）《托儿所、幼儿园建筑设计规范》"),
        (PlanStandardKind.SlotsPerThousandOldAreas, 8, "TuoyuGeo 默认值（no unit of the chain sets one）"),
        (PlanStandardKind.ServiceRadiusM, 300, "TuoyuGeo 默认值：5分钟步行圈（five-minute walk）"),
        (PlanStandardKind.InstitutionsPerSubdistrict, 1, "TuoyuGeo 默认值（no unit of the chain sets one）"),
    ];

    /// <summary>Each kind of target's Chinese name and unit; a kind without one is a failing test (TargetKindsTests), never English on the page.</summary>
    private static readonly Dictionary<PlanTargetKind, (string Name, string Unit, int Digits)> TargetKindWords = new()
    {
        [PlanTargetKind.SlotsPerThousand] = ("千人托位数", "托位/千人", 1),
        [PlanTargetKind.InstitutionsPerSubdistrict] = ("有托育机构的街道占比", "%", 1),
        [PlanTargetKind.InstitutionCount] = ("托育机构数", "家", 0),
        [PlanTargetKind.AffordableSlotShare] = ("普惠托位占比", "%", 1),
        [PlanTargetKind.NursingRoomShare] = ("应设场所母婴室配置率", "%", 1),
        [PlanTargetKind.HousingDeliveredFacilityShare] = ("新建居住区托育设施同步交付率", "%", 1),
        [PlanTargetKind.LandReserved] = ("托育用地储备", "块", 0),
        [PlanTargetKind.CustomCount] = ("自定义计数", "条", 0),
    };

    private static readonly Dictionary<PlanStandardKind, (string Name, string Unit, int Digits)> StandardKindWords = new()
    {
        [PlanStandardKind.SlotsPerThousandNewAreas] = ("新建居住区千人托位配建标准", "托位/千人", 1),
        [PlanStandardKind.SlotsPerThousandOldAreas] = ("老城区千人托位标准", "托位/千人", 1),
        [PlanStandardKind.ServiceRadiusM] = ("托育设施服务半径", "米", 0),
        [PlanStandardKind.Under3Share] = ("3岁以下婴幼儿占人口比例", "%", 2),
        [PlanStandardKind.InstitutionsPerSubdistrict] = ("每个街道至少的托育机构数", "家", 0),
    };

    /// <summary>The fields kinds add (PlanFileReader's per-kind fields), as a form labels and offers them.</summary>
    private static readonly Dictionary<string, (string Label, string Type, Func<IReadOnlyDictionary<string, string>?> Options)> KindFieldWords = new(StringComparer.Ordinal)
    {
        ["scope"] = ("居住区范围", "choice", () => new Dictionary<string, string>
        {
            [Words.Of(SlotScope.All)] = "全部居住区", [Words.Of(SlotScope.NewAreas)] = "新建居住区", [Words.Of(SlotScope.OldAreas)] = "老城区·已建成",
        }),
        ["category"] = ("计入的机构", "choice", () => new Dictionary<string, string>
        {
            [Words.Of(InstitutionCategory.Operating)] = "运营中", [Words.Of(InstitutionCategory.Filed)] = "已备案",
            [Words.Of(InstitutionCategory.Demonstration)] = "示范", [Words.Of(InstitutionCategory.Standardised)] = "规范化",
            [Words.Of(InstitutionCategory.Affordable)] = "普惠",
        }),
        ["min_per_subdistrict"] = ("每个街道至少（家）", "integer", () => null),
        ["places"] = ("应设母婴室的场所类型", "choices", () => Enum.GetValues<VenueType>().ToDictionary(Words.Of,
            v => ImportExport.SpreadsheetVocabulary.ChineseOf(Words.Of(v), typeof(VenueType)) ?? Words.Of(v))),
        ["per_unit"] = ("各下级单位的要求", "per_unit", () => null),
        ["layer"] = ("图层", "text", () => null),
        ["filter"] = ("筛选条件（字段=取值，每行一条）", "map", () => null),
    };

    public static TargetKindsResponse Kinds() => new(
        Enum.GetValues<PlanTargetKind>().Select(kind =>
        {
            var (allowed, required) = PlanFileReader.FieldsOf(kind);
            var fields = allowed.Select(field =>
            {
                var (label, type, options) = KindFieldWords[field];
                return new KindFieldOut(field, label, required.Contains(field), type, options());
            }).ToList();
            var (name, unit, digits) = TargetKindWords[kind];
            return new TargetKindOut(kind, name, unit, PlanFileReader.IsShare(kind), digits, fields);
        }).ToList(),
        Enum.GetValues<PlanStandardKind>().Select(kind =>
        {
            var (name, unit, digits) = StandardKindWords[kind];
            return new StandardKindOut(kind, name, unit, kind == PlanStandardKind.Under3Share, digits);
        }).ToList(),
        new Dictionary<string, string>
        {
            [Words.Of(PlanComparison.AtLeast)] = "不少于", [Words.Of(PlanComparison.AtMost)] = "不多于",
            [Words.Of(PlanComparison.Between)] = "介于", [Words.Of(PlanComparison.Equal)] = "等于",
        });

    public required District Unit { get; init; }

    public required IReadOnlyList<District> Chain { get; init; }

    public required IReadOnlyList<UnitTarget> Rows { get; init; }

    public required IReadOnlyList<UnitStandard> StandardRows { get; init; }

    public string Plan => Rows.Count + StandardRows.Count > 0 ? "own" : "national_rules_only";

    public static async Task<TargetCatalogue?> LoadAsync(TuoyuDbContext db, string code, CancellationToken cancellationToken)
    {
        var chain = new List<District>();
        for (var next = code; next is not null && chain.Count < 6;)
        {
            var unit = await db.Districts.AsNoTracking().Where(d => d.Code == next)
                .Select(d => new District { Code = d.Code, Name = d.Name, Level = d.Level, ParentCode = d.ParentCode, Population = d.Population })
                .FirstOrDefaultAsync(cancellationToken);
            if (unit is null)
            {
                break;
            }

            chain.Add(unit);
            next = unit.ParentCode;
        }

        if (chain.Count == 0)
        {
            return null;
        }

        var codes = chain.Select(u => u.Code).ToList();
        return new TargetCatalogue
        {
            Unit = chain[0],
            Chain = chain,
            Rows = await db.UnitTargets.AsNoTracking().Where(t => codes.Contains(t.UnitCode)).OrderBy(t => t.Due).ThenBy(t => t.Key).ToListAsync(cancellationToken),
            StandardRows = await db.UnitStandards.AsNoTracking().Where(s => codes.Contains(s.UnitCode)).ToListAsync(cancellationToken),
        };
    }

    private string NameOf(string code) => Chain.First(u => u.Code == code).Name;

    /// <summary>The unit's own targets, then those it inherits (nearest unit first), then the national 托位 target.</summary>
    public IEnumerable<TargetOut> Targets()
    {
        foreach (var unit in Chain)
        {
            foreach (var row in Rows.Where(r => r.UnitCode == unit.Code))
            {
                var own = unit.Code == Unit.Code;
                if (own)
                {
                    yield return Out(row, false);
                }
                else if (row.PerUnit?.FirstOrDefault(p => p.Unit == Unit.Code) is { } item)
                {
                    yield return Out(row, true) with { Comparison = item.Comparison, Value = item.Value, ValueMax = item.ValueMax, PerUnit = null };
                }
                else if (row.PerUnit is null && !OwnOnly.Contains(row.Kind))
                {
                    yield return Out(row, true);
                }
            }
        }

        yield return new TargetOut(null, "national-slots-per-thousand-2025", National, NationalName, true, "每千人口托位数（国家目标）",
            PlanTargetKind.SlotsPerThousand, PlanComparison.AtLeast, 4.5, null, new DateOnly(2025, 12, 31), false, new DateOnly(2021, 1, 1),
            SlotScope.All, null, null, null, null, null, null,
            new SourceOut("《“十四五”公共服务规划》（发改社会〔2021〕1946号）", "2025年每千人口拥有3岁以下婴幼儿托位数4.5个"),
            null, null, null, null);
    }

    /// <summary>Per kind, the nearest unit's standard, else the national rule.</summary>
    public IEnumerable<StandardOut> Standards()
    {
        foreach (var kind in Enum.GetValues<PlanStandardKind>())
        {
            var row = Chain.Select(u => StandardRows.Where(s => s.UnitCode == u.Code && s.Kind == kind).OrderBy(s => s.Due).FirstOrDefault()).FirstOrDefault(s => s is not null);
            if (row is not null)
            {
                yield return Out(row, NameOf(row.UnitCode)) with { Inherited = row.UnitCode != Unit.Code };
            }
            else if (NationalStandards.FirstOrDefault(n => n.Kind == kind) is { Source: not null } national)
            {
                yield return new StandardOut(null, null, kind, national.Value, null, true, National, NationalName, true, new SourceOut(national.Source, null), null, null);
            }
        }
    }

    public static TargetOut Out(UnitTarget t, bool inherited, string? unitName = null) => new(
        t.Id, t.Key, t.UnitCode, unitName ?? "", inherited, t.Name, t.Kind, t.Comparison, t.Value, t.ValueMax, t.Due, t.Standing, t.StartsOn,
        t.Scope, t.Category, t.MinPerSubdistrict, t.Places.Count > 0 ? t.Places : null, t.Layer, t.Filter, t.PerUnit,
        new SourceOut(t.SourceDocument, t.SourceClause), t.Notes, t.SetBy, t.UpdatedAt, t.Version);

    public static StandardOut Out(UnitStandard s, string unitName) => new(
        s.Id, s.Key, s.Kind, s.Value, s.Due, s.Standing, s.UnitCode, unitName, false, new SourceOut(s.SourceDocument, s.SourceClause), s.SetBy, s.Version);

    public UnitTargetsResponse Response() => new(Unit.Code, Unit.Name, Plan, Targets().Select(Named).ToList(), Standards().ToList());

    /// <summary>The service radius binding the unit: the 2SFCA catchment of 托位 per 1,000 by area kind.</summary>
    public double ServiceRadiusMetres => Standards().First(s => s.Kind == PlanStandardKind.ServiceRadiusM).Value;

    /// <summary>托位 per 1,000 residents a new residential area must plan and deliver with its housing, and who set it.</summary>
    public StandardOut NewAreaStandard => Standards().First(s => s.Kind == PlanStandardKind.SlotsPerThousandNewAreas);

    public TargetOut Named(TargetOut t) => t.Unit == National ? t : t with { UnitName = NameOf(t.Unit) };

    /// <summary>Progress of every binding target in the unit as of the day.</summary>
    public ProgressResponse Progress(TargetValues values, DateOnly asOf) =>
        new(Unit.Code, Unit.Name, asOf, Plan, Targets().Select(t => Evaluate(Named(t), Unit, values, asOf)).ToList());

    /// <summary>A target's progress in a scope; a per-unit target is judged in each child unit it lists.</summary>
    public static ProgressOut Evaluate(TargetOut target, District scope, TargetValues values, DateOnly asOf)
    {
        if (target.PerUnit is { } items)
        {
            var units = items.Select(item =>
            {
                var child = values.Unit(item.Unit);
                var progress = child is null ? null : Evaluate(target with { Comparison = item.Comparison, Value = item.Value, ValueMax = item.ValueMax, PerUnit = null }, child, values, asOf);
                return new UnitProgressOut(item.Unit, item.Name, item.Comparison, item.Value, item.ValueMax, progress?.Current, progress?.Status, progress?.OverQuota ?? false);
            }).ToList();
            var statuses = units.Select(u => u.Status).ToList();
            GoalStatus? overall = statuses.Any(s => s is null) ? null : statuses.OrderByDescending(Severity).First();
            return new ProgressOut(target, null, overall, false, null, null, statuses.Any(s => s is null) ? "部分单位未建档（some listed units are not on record）" : null, units);
        }

        var row = new UnitTarget
        {
            UnitCode = target.Unit, Key = target.Key, Name = target.Name, Kind = target.Kind, Scope = target.Scope, Category = target.Category,
            MinPerSubdistrict = target.MinPerSubdistrict, Places = target.Places?.ToList() ?? [], Layer = target.Layer,
            Filter = target.Filter?.ToDictionary(StringComparer.Ordinal), SourceDocument = "", SourceClause = "", SetBy = "",
        };
        var (valueOn, reason, basis, distances) = values.For(row, scope);
        if (valueOn is null)
        {
            return new ProgressOut(target, null, null, false, null, null, reason, null);
        }

        var start = target.StartsOn ?? (target.Due is { } due ? new DateOnly(due.Year - 1, 1, 1) : new DateOnly(asOf.Year, 1, 1));
        var goal = new Goal((GoalComparison)target.Comparison!.Value, target.Value!.Value, target.ValueMax, start, target.Due);
        var result = TargetProgress.Evaluate(goal, valueOn, asOf);
        return new ProgressOut(target, Math.Round(result.Current, 4), result.Status, result.OverQuota,
            result.Projected is { } p ? Math.Round(p, 4) : null,
            result.Series.Select(s => s with { Value = Math.Round(s.Value, 4) }).ToList(), null, null) { Basis = basis, Distances = distances };
    }

    private static int Severity(GoalStatus? status) => status switch
    {
        GoalStatus.Overdue => 5,
        GoalStatus.NotMet => 4,
        GoalStatus.Missed => 3,
        GoalStatus.AtRisk => 2,
        GoalStatus.OnTrack => 1,
        _ => 0,
    };
}
