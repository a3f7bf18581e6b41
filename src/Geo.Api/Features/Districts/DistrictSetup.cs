using System.Globalization;
using Geo.Api.Features.Targets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Geo.Api.Reference;

namespace Geo.Api.Features.Districts;

/// <summary>A boundary the caller brings instead of the shipped one, already in WGS-84.</summary>
/// <param name="SourceCrs">The CRS it arrived in (kept as the unit's source_crs).</param>
/// <param name="Source">Where it came from, e.g. "上传文件 huancui.geojson".</param>
public sealed record UploadedBoundary(MultiPolygon Wgs84, string SourceCrs, string Source);

/// <summary>What setting up one unit did, or would do in a dry run.</summary>
/// <param name="Action">"create", "update" or "unchanged".</param>
/// <param name="Changes">The fields set, in words, e.g. "普查人口 446,193 人（第七次全国人口普查…）"; empty when unchanged.</param>
public sealed record SetupStep(string Code, string Name, DistrictLevel Level, string Action, IReadOnlyList<string> Changes);

/// <summary>The outcome of a set-up: one step per unit of the chain and per 街道, and what each unit's plan file did.</summary>
public sealed record SetupReport(string Adcode, bool DryRun, IReadOnlyList<SetupStep> Steps, IReadOnlyList<PlanApplication> Plans)
{
    public int Created => Steps.Count(s => s.Action == "create");

    public int Updated => Steps.Count(s => s.Action == "update");

    public int Unchanged => Steps.Count(s => s.Action == "unchanged");
}

/// <summary>An adcode the reference data do not know, or a unit that cannot be set up.</summary>
public sealed class SetupException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// Sets up an administrative unit of China from its adcode alone: the chain above it (province → city →
/// district), each with its census population and under-3 share (and their source), the 街道/镇 of a district
/// with their NBS names and codes, and each unit's shipped boundary (GCJ-02, converted to WGS-84 and repaired
/// with ST_MakeValid where invalid) or the one uploaded for the unit set up. Then each unit of the chain that has a
/// plan file (data/plans) has it applied by <see cref="IPlanApplier"/>, province first.
/// </summary>
/// <remarks>
/// It only fills what is missing: a unit that exists keeps its name, its figures and a boundary someone imported;
/// only an uploaded boundary replaces one. So a second run reports every unit unchanged and writes nothing.
/// Everything is written in one SaveChanges, hence one transaction and one set of audit entries.
/// </remarks>
public sealed class DistrictSetup(NationalReference reference, IPlanApplier plans)
{
    public const string ReferenceSource = "国家参考数据（data/）";

    public async Task<SetupReport> RunAsync(TuoyuDbContext db, string adcode, bool dryRun, UploadedBoundary? upload,
        CancellationToken cancellationToken)
    {
        var chain = reference.Chain(adcode);
        if (chain.Count == 0)
        {
            throw new SetupException("adcode", $"行政区划代码 {adcode} 不在国家参考数据中 — the national reference data (census 2020) know no unit {adcode}; give a 6-digit adcode such as 371002.");
        }

        var target = chain[^1];
        if (target.IsDevelopmentZone)
        {
            throw new SetupException("adcode", $"{adcode} {target.Name} 是开发区 — a census development zone has no boundary of its own; set up the districts it lies in.");
        }

        var codes = chain.Select(u => u.Adcode).ToList();
        var subdistricts = target.Level == DistrictLevel.District ? reference.Subdistricts(adcode) : [];
        codes.AddRange(subdistricts.Select(s => s.Code));
        var existing = await db.Districts.Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, cancellationToken);

        var steps = new List<SetupStep>();
        foreach (var unit in chain)
        {
            var boundary = unit == target && upload is not null ? upload : await ShippedBoundaryAsync(db, unit.Adcode, cancellationToken);
            steps.Add(Apply(db, existing, unit, boundary, replaceBoundary: unit == target && upload is not null));
        }

        foreach (var s in subdistricts)
        {
            steps.Add(ApplySubdistrict(db, existing, s));
        }

        if (dryRun)
        {
            db.ChangeTracker.Clear();
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        // A dry run of a unit not yet created cannot match its plan against rows: it says whether a plan would apply.
        var applied = new List<PlanApplication>();
        foreach (var unit in chain)
        {
            applied.Add(dryRun && !existing.ContainsKey(unit.Adcode)
                ? PlanApplier.NotYetCreated(unit.Adcode)
                : await plans.ApplyAsync(unit.Adcode, dryRun, cancellationToken));
        }

        return new SetupReport(adcode, dryRun, steps, applied);
    }

    private static SetupStep Apply(TuoyuDbContext db, Dictionary<string, District> existing, ReferenceUnit unit,
        UploadedBoundary? boundary, bool replaceBoundary)
    {
        var created = !existing.TryGetValue(unit.Adcode, out var district);
        if (district is null)
        {
            district = new District { Code = unit.Adcode, Name = unit.Name, Level = unit.Level, ParentCode = unit.ParentAdcode, DataSource = ReferenceSource };
            db.Districts.Add(district);
        }

        var changes = new List<string>();
        if (unit.Census is { } census)
        {
            if (district.Population is null)
            {
                district.Population = checked((int)census.Population);
                district.PopulationSource = CensusFigures.Source;
                changes.Add(string.Create(CultureInfo.InvariantCulture, $"普查人口 {census.Population:N0} 人（{CensusFigures.Source}）"));
            }

            if (district.ShareUnder3 is null)
            {
                district.ShareUnder3 = Math.Round(census.ShareUnder3, 6);
                district.ShareUnder3Source = CensusFigures.Source;
                changes.Add(string.Create(CultureInfo.InvariantCulture, $"3岁以下儿童占比 {district.ShareUnder3 * 100:0.00}%（{CensusFigures.Source}）"));
            }
        }

        if (boundary is not null && (district.Boundary is null || (replaceBoundary && !district.Boundary.EqualsExact(boundary.Wgs84))))
        {
            district.Boundary = boundary.Wgs84;
            district.BoundaryIsSynthetic = false;
            district.SourceCrs = boundary.SourceCrs;
            district.DataSource = created ? boundary.Source : district.DataSource;
            changes.Add($"边界（{boundary.Source}，由 {CrsWords(boundary.SourceCrs)} 转换为 WGS-84）");
        }

        return Step(district, created, changes);
    }

    private static SetupStep ApplySubdistrict(TuoyuDbContext db, Dictionary<string, District> existing, ReferenceSubdistrict s)
    {
        if (existing.TryGetValue(s.Code, out var district))
        {
            return Step(district, created: false, []);
        }

        district = new District
        {
            Code = s.Code, Name = s.Name, Level = DistrictLevel.Subdistrict, ParentCode = s.DistrictAdcode,
            DataSource = ReferenceSource + "：统计用区划代码",
        };
        db.Districts.Add(district);
        return Step(district, created: true, ["名称与统计用区划代码（暂无边界：导入街道边界，或按“所属街道”列归属）"]);
    }

    /// <summary>A coordinate system as a planner names it ("EPSG:4549" reads as a raw code).</summary>
    internal static string CrsWords(string code) => code switch
    {
        "EPSG:4326" => "WGS-84（经纬度）",
        "EPSG:4490" => "CGCS2000（经纬度）",
        "GCJ-02" => "GCJ-02（高德、腾讯）",
        "BD-09" => "BD-09（百度）",
        _ when code.StartsWith("EPSG:45", StringComparison.Ordinal) => $"国家2000高斯-克吕格投影（{code[5..]}）",
        _ => code,
    };

    private static SetupStep Step(District d, bool created, List<string> changes) =>
        new(d.Code, d.Name, d.Level, created ? "create" : changes.Count > 0 ? "update" : "unchanged", changes);

    /// <summary>The shipped boundary in WGS-84, made valid by PostGIS where the conversion (or DataV) left it invalid.</summary>
    private async Task<UploadedBoundary?> ShippedBoundaryAsync(TuoyuDbContext db, string adcode, CancellationToken cancellationToken)
    {
        if (reference.Boundary(adcode) is not { } shipped)
        {
            return null;
        }

        var wgs84 = shipped.ToWgs84();
        wgs84.SRID = 4326;
        return new UploadedBoundary(await MakeValidAsync(db, wgs84, cancellationToken), "GCJ-02", $"{ReferenceSource}：{shipped.SourceFile}");
    }

    /// <summary>The polygon unchanged when valid, else ST_MakeValid's polygonal part.</summary>
    public static async Task<MultiPolygon> MakeValidAsync(TuoyuDbContext db, MultiPolygon polygon, CancellationToken cancellationToken)
    {
        if (polygon.IsValid)
        {
            return polygon;
        }

        var repaired = await db.Database
            .SqlQuery<Geometry>($"SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid({polygon}), 3)) AS \"Value\"")
            .SingleAsync(cancellationToken);
        repaired.SRID = 4326;
        return (MultiPolygon)repaired;
    }
}

public static class DistrictSetupServices
{
    /// <summary>The national reference (read once) and the set-up (its plan applier comes with the targets feature).</summary>
    public static IServiceCollection AddDistrictSetup(this IServiceCollection services)
    {
        services.AddSingleton(_ => NationalReference.Load());
        services.AddScoped<DistrictSetup>();
        return services;
    }
}
