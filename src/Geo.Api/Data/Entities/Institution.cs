namespace Geo.Api.Data.Entities;

/// <summary>托育机构: a childcare institution for children under 3.</summary>
public sealed class Institution : LocatedEntity
{
    /// <summary>统一社会信用代码 (18 characters); the stable key for imports.</summary>
    public string? CreditCode { get; set; }

    public string Address { get; set; } = "";

    public required Point Location { get; set; }

    public InstitutionNature Nature { get; set; }

    public OperatorType OperatorType { get; set; }

    public List<ServiceType> ServiceTypes { get; set; } = [];

    public List<InstitutionClass> Classes { get; set; } = [];

    /// <summary>核定托位.</summary>
    public int ApprovedSlots { get; set; }

    /// <summary>在托.</summary>
    public int EnrolledSlots { get; set; }

    /// <summary>Approved minus enrolled (computed by the database).</summary>
    public int Vacancies { get; private set; }

    public bool IsPuhui { get; set; }

    public bool IsDemonstration { get; set; }

    /// <summary>规范化: meets the standard fully.</summary>
    public bool IsStandardised { get; set; }

    public FilingStatus FilingStatus { get; set; }

    public DateOnly? FiledOn { get; set; }

    public QualityGrade? QualityGrade { get; set; }

    /// <summary>Monthly fee range in yuan.</summary>
    public decimal? MonthlyFeeMin { get; set; }

    public decimal? MonthlyFeeMax { get; set; }

    public string? Phone { get; set; }

    /// <summary>Opening hours in the form "Mo-Fr 07:30-18:00; Sa 08:00-12:00".</summary>
    public string? OpeningHours { get; set; }

    /// <summary>Floor the rooms are on (1 = ground floor).</summary>
    public int? Floor { get; set; }

    public InstitutionStatus Status { get; set; }

    // The dates a plan's progress is computed from as of any day; null where the record does not know (then the
    // flag or status above holds for every day).

    /// <summary>开业: the day it opened.</summary>
    public DateOnly? OpenedOn { get; set; }

    /// <summary>The day it closed (with <see cref="Status"/> closed).</summary>
    public DateOnly? ClosedOn { get; set; }

    /// <summary>The day it was recognised as 示范.</summary>
    public DateOnly? DemonstrationOn { get; set; }

    /// <summary>The day it was recognised as 规范化.</summary>
    public DateOnly? StandardisedOn { get; set; }

    /// <summary>The day it was recognised as 普惠.</summary>
    public DateOnly? PuhuiOn { get; set; }
}

/// <summary>班级: classes of one type, their count and the children enrolled in them.</summary>
public sealed class InstitutionClass
{
    public ClassType Type { get; set; }

    public int Count { get; set; }

    public int Children { get; set; }
}
