using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Geo.Api.Domain;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.Institutions;

/// <summary>The fields of a 托育机构 a client writes.</summary>
public record InstitutionInput
{
    [Required] public string? Name { get; init; }
    public string? CreditCode { get; init; }
    public string? Address { get; init; }
    [Required] public InstitutionNature? Nature { get; init; }
    [Required] public OperatorType? OperatorType { get; init; }
    public List<ServiceType> ServiceTypes { get; init; } = [];
    public List<ClassInput> Classes { get; init; } = [];
    [Required] public int? ApprovedSlots { get; init; }
    [Required] public int? EnrolledSlots { get; init; }
    public bool IsPuhui { get; init; }
    public bool IsDemonstration { get; init; }
    public bool IsStandardised { get; init; }
    [Required] public FilingStatus? FilingStatus { get; init; }
    public DateOnly? FiledOn { get; init; }
    public DateOnly? OpenedOn { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public DateOnly? DemonstrationOn { get; init; }
    public DateOnly? StandardisedOn { get; init; }
    public DateOnly? PuhuiOn { get; init; }
    public QualityGrade? QualityGrade { get; init; }
    public decimal? MonthlyFeeMin { get; init; }
    public decimal? MonthlyFeeMax { get; init; }
    public string? Phone { get; init; }
    public string? OpeningHours { get; init; }
    public int? Floor { get; init; }
    [Required] public InstitutionStatus? Status { get; init; }
}

/// <summary>A 班级 entry: classes of one type, how many, and the children in them.</summary>
public sealed record ClassInput(ClassType Type, int Count, int Children);

/// <summary>What a client reads: the written fields and those the service derives.</summary>
public sealed record InstitutionProperties : InstitutionInput
{
    [Required] public int Vacancies { get; init; }
    [Required] public string? SubdistrictCode { get; init; }
    [Required] public string? DistrictCode { get; init; }
    public required string DataSource { get; init; }
    public required string SourceCrs { get; init; }
    [Required] public DateTimeOffset UpdatedAt { get; init; }
    [Required] public uint Version { get; init; }
}

/// <summary>Filters of the institutions layer (words as in the properties).</summary>
public sealed record InstitutionFilter
{
    [FromQuery(Name = "service_type")] public string? ServiceType { get; init; }
    /// <summary>乳儿班 infant, 托小班 toddler, 托大班 older, 混龄班 mixed: institutions with such classes.</summary>
    [FromQuery(Name = "age_class")] public string? AgeClass { get; init; }
    [FromQuery(Name = "nature")] public string? Nature { get; init; }
    [FromQuery(Name = "puhui")] public bool? Puhui { get; init; }
    [FromQuery(Name = "filing_status")] public string? FilingStatus { get; init; }
    [FromQuery(Name = "has_vacancies")] public bool? HasVacancies { get; init; }
    [FromQuery(Name = "status")] public string? Status { get; init; }
}

public sealed class InstitutionLayer : Layer<Institution, InstitutionInput, InstitutionProperties, InstitutionFilter>
{
    /// <summary>家庭托育点 take at most 5 children.</summary>
    public const int HomeBasedMaxSlots = 5;

    public override string Route => "institutions";


    public override string Tag => "Institutions 托育机构";
    public override GeometryKind Kind => GeometryKind.Point;

    public override IQueryable<Institution> VisibleTo(ClaimsPrincipal user, IQueryable<Institution> query) =>
        PublicInstitutions.SeesAll(user) ? query : query.Where(PublicInstitutions.Visible);

    /// <summary>Fields for those who edit institutions only: the credit code and where the row came from.</summary>
    public override InstitutionProperties ForCaller(ClaimsPrincipal user, InstitutionProperties output) =>
        PublicInstitutions.SeesAll(user) ? output : output with { CreditCode = null, SourceCrs = "", Version = 0 };
    public override Expression<Func<Institution, Geometry>> IndexedGeometry => i => i.Location;
    public override Geometry GeometryOf(Institution entity) => entity.Location;

    protected override Expression<Func<Institution, bool>> TextMatch(string pattern) =>
        i => EF.Functions.ILike(i.Name, pattern) || EF.Functions.ILike(i.Address, pattern);

    public override InstitutionProperties ToOutput(Institution i) => new()
    {
        Name = i.Name,
        CreditCode = i.CreditCode,
        Address = i.Address,
        Nature = i.Nature,
        OperatorType = i.OperatorType,
        ServiceTypes = i.ServiceTypes,
        Classes = i.Classes.Select(c => new ClassInput(c.Type, c.Count, c.Children)).ToList(),
        ApprovedSlots = i.ApprovedSlots,
        EnrolledSlots = i.EnrolledSlots,
        IsPuhui = i.IsPuhui,
        IsDemonstration = i.IsDemonstration,
        IsStandardised = i.IsStandardised,
        FilingStatus = i.FilingStatus,
        FiledOn = i.FiledOn,
        OpenedOn = i.OpenedOn,
        ClosedOn = i.ClosedOn,
        DemonstrationOn = i.DemonstrationOn,
        StandardisedOn = i.StandardisedOn,
        PuhuiOn = i.PuhuiOn,
        QualityGrade = i.QualityGrade,
        MonthlyFeeMin = Normalise(i.MonthlyFeeMin),
        MonthlyFeeMax = Normalise(i.MonthlyFeeMax),
        Phone = i.Phone,
        OpeningHours = i.OpeningHours,
        Floor = i.Floor,
        Status = i.Status,
        Vacancies = i.Vacancies,
        SubdistrictCode = i.SubdistrictCode,
        DistrictCode = i.DistrictCode,
        DataSource = i.DataSource,
        SourceCrs = i.SourceCrs,
        UpdatedAt = i.UpdatedAt,
        Version = i.Version,
    };

    /// <summary>1800.00 and 1800 are the same fee: drop trailing zeros so the JSON is the same whoever wrote it.</summary>
    private static decimal? Normalise(decimal? fee) => fee / 1.000000000000000000000000000000000m;

    public override void Validate(InstitutionInput input, Geometry? geometry, ValidationErrors errors)
    {
        errors.Name(input.Name);
        if (input.CreditCode is { } code && !CreditCode.IsValid(code))
        {
            errors.Add("credit_code", "must be an 18-character 统一社会信用代码 with a valid check character (GB 32100-2015)");
        }

        errors.Length(input.Address, "address", 300);
        errors.Present(input.Nature, "nature");
        errors.Present(input.OperatorType, "operator_type");
        errors.Present(input.FilingStatus, "filing_status");
        errors.Present(input.Status, "status");
        errors.Present(input.ApprovedSlots, "approved_slots");
        errors.Present(input.EnrolledSlots, "enrolled_slots");
        errors.Require(input.ApprovedSlots is not < 0, "approved_slots", "must be 0 or more");
        errors.Require(input.EnrolledSlots is not < 0, "enrolled_slots", "must be 0 or more");
        errors.Require(!(input.EnrolledSlots > input.ApprovedSlots), "enrolled_slots", "must not exceed approved_slots (在托 ≤ 核定托位)");
        errors.Require(!(input.OperatorType == Data.Entities.OperatorType.HomeBased && input.ApprovedSlots > HomeBasedMaxSlots),
            "approved_slots", $"a 家庭托育点 (home_based) takes at most {HomeBasedMaxSlots} children");
        errors.Require(input.ServiceTypes.Distinct().Count() == input.ServiceTypes.Count, "service_types", "must not repeat a type");

        for (var k = 0; k < input.Classes.Count; k++)
        {
            var c = input.Classes[k];
            var cap = ClassCaps.MaxChildren(c.Type);
            errors.Require(c.Count >= 1, $"classes[{k}].count", "must be 1 or more");
            errors.Require(c.Children >= 0, $"classes[{k}].children", "must be 0 or more");
            errors.Require(c.Children <= c.Count * cap, $"classes[{k}].children",
                $"must be at most {cap} per class for {Words.Of(c.Type)} (托育机构设置标准): {c.Count} × {cap} = {c.Count * cap}");
        }

        errors.Require(!(input.Classes.Sum(c => c.Children) > input.ApprovedSlots), "classes",
            "children in classes must not exceed approved_slots");
        errors.Require(!(input.FiledOn is not null && input.FilingStatus == Data.Entities.FilingStatus.Unfiled), "filed_on",
            "must be empty while filing_status is unfiled");
        errors.Require(!(input.FiledOn > DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1))), "filed_on", "must not be in the future");
        errors.Require(!(input.ClosedOn is not null && input.Status != Data.Entities.InstitutionStatus.Closed), "closed_on",
            "只用于已关闭的机构（only with status closed）");
        errors.Require(!(input.ClosedOn < input.OpenedOn), "closed_on", "不能早于开业日期 opened_on（must not be before opened_on）");
        foreach (var (date, field) in new[] { (input.DemonstrationOn, "demonstration_on"), (input.StandardisedOn, "standardised_on"), (input.PuhuiOn, "puhui_on") })
        {
            errors.Require(!(date < input.OpenedOn), field, "不能早于开业日期 opened_on（a recognition comes after opening）");
        }
        errors.Range((double?)input.MonthlyFeeMin, "monthly_fee_min", 0, 100_000, " yuan");
        errors.Range((double?)input.MonthlyFeeMax, "monthly_fee_max", 0, 100_000, " yuan");
        errors.Require(!(input.MonthlyFeeMax < input.MonthlyFeeMin), "monthly_fee_max", "must be at least monthly_fee_min");
        if (input.Phone is { } phone && !System.Text.RegularExpressions.Regex.IsMatch(phone, @"^\+?[0-9][0-9 \-]{4,19}$"))
        {
            errors.Add("phone", "must be digits, spaces or hyphens (5–20), e.g. 0591-87654321");
        }

        errors.OpeningHoursText(input.OpeningHours);
        errors.Range(input.Floor, "floor", -3, 100);
    }

    public override Institution Create(Geometry geometry, InstitutionInput input)
    {
        var institution = new Institution { Location = (Point)geometry };
        Apply(institution, geometry, input);
        return institution;
    }

    public override void Apply(Institution i, Geometry geometry, InstitutionInput input)
    {
        i.Location = (Point)geometry;
        i.Name = input.Name!.Trim();
        i.CreditCode = input.CreditCode;
        i.Address = input.Address ?? "";
        i.Nature = input.Nature!.Value;
        i.OperatorType = input.OperatorType!.Value;
        i.ServiceTypes = input.ServiceTypes;
        i.Classes = input.Classes.Select(c => new InstitutionClass { Type = c.Type, Count = c.Count, Children = c.Children }).ToList();
        i.ApprovedSlots = input.ApprovedSlots!.Value;
        i.EnrolledSlots = input.EnrolledSlots!.Value;
        i.IsPuhui = input.IsPuhui;
        i.IsDemonstration = input.IsDemonstration;
        i.IsStandardised = input.IsStandardised;
        i.FilingStatus = input.FilingStatus!.Value;
        i.FiledOn = input.FiledOn;
        i.OpenedOn = input.OpenedOn;
        i.ClosedOn = input.ClosedOn;
        i.DemonstrationOn = input.DemonstrationOn;
        i.StandardisedOn = input.StandardisedOn;
        i.PuhuiOn = input.PuhuiOn;
        i.QualityGrade = input.QualityGrade;
        i.MonthlyFeeMin = input.MonthlyFeeMin;
        i.MonthlyFeeMax = input.MonthlyFeeMax;
        i.Phone = input.Phone;
        i.OpeningHours = input.OpeningHours;
        i.Floor = input.Floor;
        i.Status = input.Status!.Value;
    }

    public override IQueryable<Institution> Filter(IQueryable<Institution> query, InstitutionFilter f, ValidationErrors errors)
    {
        if (errors.Word<ServiceType>(f.ServiceType, "service_type") is { } serviceType)
        {
            query = query.Where(i => i.ServiceTypes.Contains(serviceType));
        }

        if (errors.Word<ClassType>(f.AgeClass, "age_class") is { } ageClass)
        {
            query = query.Where(i => i.Classes.Any(c => c.Type == ageClass));
        }

        if (errors.Word<InstitutionNature>(f.Nature, "nature") is { } nature)
        {
            query = query.Where(i => i.Nature == nature);
        }

        if (f.Puhui is { } puhui)
        {
            query = query.Where(i => i.IsPuhui == puhui);
        }

        if (errors.Word<FilingStatus>(f.FilingStatus, "filing_status") is { } filing)
        {
            query = query.Where(i => i.FilingStatus == filing);
        }

        if (f.HasVacancies is { } vacancies)
        {
            query = vacancies ? query.Where(i => i.Vacancies > 0) : query.Where(i => i.Vacancies == 0);
        }

        if (errors.Word<InstitutionStatus>(f.Status, "status") is { } status)
        {
            query = query.Where(i => i.Status == status);
        }

        return query;
    }
}
