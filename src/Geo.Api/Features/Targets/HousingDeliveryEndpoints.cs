using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Geo.Analysis.Targets;
using Geo.Api.Features.ResidentialAreas;
using Geo.Api.Reference.Plans;

namespace Geo.Api.Features.Targets;

/// <summary>The facility an area names, as found (or not) among the records.</summary>
/// <param name="Kind">"institution" or "parcel".</param>
/// <param name="Found">False when the id or code names no record: the facility counts as missing.</param>
public sealed record FacilityOut(string Kind, string Reference, bool Found, string? Name, int? Slots);

/// <param name="Verdict">delivered (with the housing), pending (housing not yet handed over), undated (no handover day: not judged), missing, late or short: the worst fault.</param>
/// <param name="Faults">Every fault: missing, late, short (an area may be late and short).</param>
public sealed record HousingAreaOut(
    [property: Required] long Id,
    [property: Required] string Name,
    string? SubdistrictCode,
    [property: Required] int Population,
    [property: Required] int RequiredSlots,
    DateOnly? HandoverOn,
    FacilityOut? Facility,
    FacilityStatus? FacilityStatus,
    DateOnly? FacilityDeliveredOn,
    [property: Required] string Verdict,
    [property: Required] string VerdictName,
    [property: Required] IReadOnlyList<string> Faults,
    [property: Required] string DataSource,
    [property: Required] uint Version);

/// <param name="NoHandoverDate">New areas whose handover day is not recorded: not judged until it is.</param>
public sealed record HousingSummary(int NewAreas, int HandedOver, int DeliveredWithHousing, int Pending, int Missing, int Late, int ShortOfPlaces, int NoHandoverDate);

public sealed record HousingDeliveryResponse(
    string Unit, string Name, DateOnly AsOf, double SlotsPerThousand, SourceOut StandardSource, HousingSummary Summary, IReadOnlyList<HousingAreaOut> Areas);

public sealed record HousingDeliveryQuery
{
    [FromQuery(Name = "unit")] public string? Unit { get; init; }
    [FromQuery(Name = "as_of")] public DateOnly? AsOf { get; init; }
    /// <summary>true: only the areas with a fault (missing, late, short).</summary>
    [FromQuery(Name = "faulty")] public bool? Faulty { get; init; }
}

/// <summary>
/// New residential areas and the childcare facility each must deliver with its housing (≥ the new-area standard of
/// 托位 per 1,000 residents, 与住宅同步验收、同步交付使用): staff read which are missing, late or short of places as
/// of any day; planners edit an area's obligation in their units, with If-Match, audited as every tracked row is.
/// </summary>
public static class HousingDeliveryEndpoints
{
    public static void MapHousingDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/housing-delivery").WithTags("Targets 规划目标").ProducesClientProblems();
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("New residential areas of a unit with their facility obligation, judged as of a day (as_of, default today)");
        group.MapPut("/{id:long}", ReplaceAsync).RequireAuthorization(Policies.Planner)
            .WithSummary("Replace a new area's obligation (handover, facility, its 托位, status, delivery); If-Match: the area's version");
    }

    private static async Task<Results<Ok<HousingDeliveryResponse>, ProblemHttpResult>> ListAsync(
        [AsParameters] HousingDeliveryQuery query, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        if (query.Unit is not { } code || !PlanItemWrites.IsAdcode(code))
        {
            throw new RequestValidationException("unit", "应为 6 位或 9 位行政区划代码（give the unit's adcode: 6 digits, or 9 for a 街道）");
        }

        var catalogue = await TargetCatalogue.LoadAsync(db, code, cancellationToken);
        if (catalogue is null)
        {
            return Problems.NotFound($"没有代码为 {code} 的单位（there is no unit with code {code}）");
        }

        var asOf = query.AsOf ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var values = await TargetValues.LoadAsync(db, catalogue, cancellationToken);
        var standard = catalogue.NewAreaStandard;
        var areas = values.NewAreas(catalogue.Unit).Select(a => Out(a, values.Facilities, standard.Value, asOf)).ToList();
        var summary = new HousingSummary(areas.Count, areas.Count(a => a.HandoverOn <= asOf), areas.Count(a => a.Verdict == "delivered"),
            areas.Count(a => a.Verdict == "pending"), areas.Count(a => a.Faults.Contains("missing")), areas.Count(a => a.Faults.Contains("late")),
            areas.Count(a => a.Faults.Contains("short")), areas.Count(a => a.HandoverOn is null));
        var listed = areas.Where(a => query.Faulty is not true || a.Faults.Count > 0)
            .OrderBy(a => a.Faults.Count == 0).ThenBy(a => a.HandoverOn ?? DateOnly.MaxValue).ThenBy(a => a.Id).ToList();
        return TypedResults.Ok(new HousingDeliveryResponse(catalogue.Unit.Code, catalogue.Unit.Name, asOf, standard.Value, standard.Source, summary, listed));
    }

    private static async Task<Results<Ok<HousingAreaOut>, ProblemHttpResult>> ReplaceAsync(
        long id, ObligationInput body, HttpContext http, TuoyuDbContext db, UnitScope scope, CancellationToken cancellationToken)
    {
        var area = await db.ResidentialAreas.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (area is null)
        {
            return Problems.NotFound($"没有编号为 {id} 的居住区（there is no residential area {id}）");
        }

        await scope.EnsureUnitAsync(area.SubdistrictCode ?? area.DistrictCode, cancellationToken);
        var errors = new ValidationErrors();
        ResidentialAreaLayer.ValidateObligation(body, area.Kind, errors);
        // Through the API the facility must exist; an import may name one that arrives later (HousingFacilities).
        if (body.FacilityInstitutionId is { } institution && !await db.Institutions.AnyAsync(i => i.Id == institution, cancellationToken))
        {
            errors.Add("facility_institution_id", $"没有编号为 {institution} 的托育机构（no institution has this id）");
        }

        if (body.FacilityParcelCode?.Trim() is { Length: > 0 } parcel && !await db.Parcels.AnyAsync(p => p.Code == parcel, cancellationToken))
        {
            errors.Add("facility_parcel_code", $"没有编码为 {parcel} 的地块（no parcel has this code）");
        }

        errors.ThrowIfAny();
        if (!IfMatch.Allows(http.Request, area.Version))
        {
            return Conflict(id, area.Version);
        }

        ResidentialAreaLayer.ApplyObligation(area, body);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Conflict(id, await db.ResidentialAreas.AsNoTracking().Where(a => a.Id == id).Select(a => a.Version).FirstOrDefaultAsync(cancellationToken));
        }

        await db.Entry(area).ReloadAsync(cancellationToken);
        http.Response.Headers.ETag = IfMatch.ETag(area.Version);
        var catalogue = await TargetCatalogue.LoadAsync(db, area.SubdistrictCode ?? area.DistrictCode ?? "", cancellationToken);
        var facilities = await HousingFacilities.LoadAsync(db, [area], cancellationToken);
        var standard = catalogue?.NewAreaStandard.Value ?? TargetCatalogue.NationalNewAreaSlotsPerThousand;
        return TypedResults.Ok(Out(area, facilities, standard, DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))));
    }

    private static HousingAreaOut Out(ResidentialArea a, HousingFacilities facilities, double standard, DateOnly asOf)
    {
        var check = HousingDelivery.Check(facilities.Obligation(a), standard, asOf);
        // An area without a handover day is not judged yet (its obligation was never entered), so it has no faults.
        var faults = new List<string>();
        if (a.HandoverOn is not null)
        {
            if (check.Missing) faults.Add("missing");
            if (check.Late) faults.Add("late");
            if (check.ShortOfPlaces) faults.Add("short");
        }
        var verdict = a.HandoverOn is null ? "undated" : faults.Count > 0 ? faults[0] : check.DeliveredWithHousing ? "delivered" : "pending";
        var name = verdict switch
        {
            "missing" => "未落实配建设施",
            "late" => "设施未与住宅同步交付",
            "short" => "配建托位不足",
            "delivered" => "已与住宅同步交付",
            "undated" => "未录入住宅交付日期",
            _ => "住宅尚未交付",
        };
        return new HousingAreaOut(a.Id, a.Name, a.SubdistrictCode, a.Population, check.RequiredSlots, a.HandoverOn, facilities.Describe(a),
            a.FacilityStatus, a.FacilityDeliveredOn, verdict, name, faults, ImportExport.SpreadsheetVocabulary.DataSource(a.DataSource), a.Version);
    }

    private static ProblemHttpResult Conflict(long id, uint currentVersion) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "数据已被他人修改 Changed by someone else",
        detail: $"居住区 {id} 已是第 {currentVersion} 版：请重新读取，在该版本上修改（read it again and apply your change to that version）",
        extensions: new Dictionary<string, object?> { ["current_version"] = currentVersion });
}

/// <summary>
/// The facilities new areas name, by institution id and parcel code. References are not foreign keys (a file of
/// areas may name a facility imported after it), so a reference that finds nothing makes the facility missing.
/// </summary>
internal sealed class HousingFacilities(IReadOnlyDictionary<long, Institution> institutions, IReadOnlyDictionary<string, Parcel> parcels)
{
    public static async Task<HousingFacilities> LoadAsync(TuoyuDbContext db, IReadOnlyCollection<ResidentialArea> areas, CancellationToken cancellationToken)
    {
        var ids = areas.Where(a => a.FacilityInstitutionId is not null).Select(a => a.FacilityInstitutionId!.Value).Distinct().ToList();
        var codes = areas.Where(a => a.FacilityParcelCode is not null).Select(a => a.FacilityParcelCode!).Distinct().ToList();
        var institutions = ids.Count == 0 ? [] : await db.Institutions.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var parcels = codes.Count == 0 ? [] : await db.Parcels.AsNoTracking().Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, cancellationToken);
        return new HousingFacilities(institutions, parcels);
    }

    /// <summary>The area's obligation for the analysis: a found facility, its 托位 (as recorded, else the institution's approved ones).</summary>
    public HousingObligation Obligation(ResidentialArea a)
    {
        var institution = a.FacilityInstitutionId is { } id ? institutions.GetValueOrDefault(id) : null;
        var parcel = a.FacilityParcelCode is { } code ? parcels.GetValueOrDefault(code) : null;
        return new HousingObligation(a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Population, a.HandoverOn,
            institution is not null || parcel is not null, a.FacilitySlots ?? institution?.ApprovedSlots, a.FacilityDeliveredOn);
    }

    public FacilityOut? Describe(ResidentialArea a)
    {
        if (a.FacilityInstitutionId is { } id)
        {
            var institution = institutions.GetValueOrDefault(id);
            return new FacilityOut("institution", id.ToString(System.Globalization.CultureInfo.InvariantCulture), institution is not null, institution?.Name,
                a.FacilitySlots ?? institution?.ApprovedSlots);
        }

        if (a.FacilityParcelCode is { } code)
        {
            var parcel = parcels.GetValueOrDefault(code);
            return new FacilityOut("parcel", code, parcel is not null, parcel?.Name, a.FacilitySlots);
        }

        return null;
    }
}
