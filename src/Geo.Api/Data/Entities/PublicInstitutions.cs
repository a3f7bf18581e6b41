namespace Geo.Api.Data.Entities;

/// <summary>
/// What the public may see of the institutions: those operating and filed (已备案), for an unfiled one has
/// not been checked against the standards. The list, the nearby search and the tiles all use this rule.
/// </summary>
public static class PublicInstitutions
{
    public const InstitutionStatus Status = InstitutionStatus.Operating;

    public const FilingStatus Filing = FilingStatus.Filed;

    /// <summary>
    /// Who reads past the rule (unfiled and closed institutions, credit codes): the roles that edit institutions,
    /// planners and admins. Land officers edit parcels and read institutions as the public does; lists, exports
    /// and tiles all ask this.
    /// </summary>
    public static bool SeesAll(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Words.Of(Role.Planner)) || user.IsInRole(Words.Of(Role.Admin));

    /// <summary>The rule for LINQ (the constants reach SQL as literals, so the partial nearby index still applies).</summary>
    public static readonly Expression<Func<Institution, bool>> Visible = i => i.Status == Status && i.FilingStatus == Filing;

    /// <summary>The rule as SQL on the institutions table under <paramref name="alias"/>, for the hand-written tile query.</summary>
    public static string Sql(string alias) =>
        $"{alias}.status = '{Words.Of(Status)}' AND {alias}.filing_status = '{Words.Of(Filing)}'";
}
