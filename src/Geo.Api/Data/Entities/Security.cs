namespace Geo.Api.Data.Entities;

/// <summary>Who may do what. Anonymous users are the public; these are the staff roles.</summary>
public enum Role { Planner, LandOfficer, Admin }

/// <summary>A built-in account for a standalone installation (deployments with an OIDC provider need none).</summary>
public sealed class UserAccount
{
    public long Id { get; set; }

    public required string UserName { get; set; }

    /// <summary>PBKDF2 hash from ASP.NET Core Identity's PasswordHasher (salted, versioned).</summary>
    [AuditRedacted]
    public required string PasswordHash { get; set; }

    /// <summary>
    /// Carried by every token the account signs in with and checked on each request: a new stamp (on a change
    /// of role, password or disabled, or on deletion) ends the tokens signed in with the old one.
    /// </summary>
    [AuditRedacted]
    public string SecurityStamp { get; set; } = NewStamp();

    public static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public Role Role { get; set; }

    /// <summary>
    /// The administrative units (adcodes of districts, cities or provinces) the account may change data in;
    /// a unit covers the units below it. Empty: not bound, the whole deployment (admins; accounts made before
    /// units existed until an admin binds them).
    /// </summary>
    public List<string> Units { get; set; } = [];

    public int FailedSignIns { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A setting the service keeps for itself (e.g. the key that signs built-in accounts' tokens).</summary>
public sealed class ServiceSetting
{
    public required string Key { get; set; }

    /// <summary>Every setting kept here is a secret (today only the signing key), so none is audited in clear.</summary>
    [AuditRedacted]
    public required string Value { get; set; }
}

/// <summary>
/// A column whose value never enters the audit log: its before and after images show "[redacted]" instead.
/// The migration PurgeSecretsFromAudit removed those written before this list existed.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AuditRedactedAttribute : Attribute
{
    public const string Placeholder = "[redacted]";
}

/// <summary>One change to a stored row: who, when, what, and the row before and after.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The signed-in user, or "system" for commands and the demo loader.</summary>
    public required string Actor { get; set; }

    /// <summary>created, updated or deleted.</summary>
    public required string Action { get; set; }

    /// <summary>The table the row lives in.</summary>
    public required string Entity { get; set; }

    public required string EntityId { get; set; }

    /// <summary>The row's columns before the change (null when created), as JSON.</summary>
    public string? Before { get; set; }

    /// <summary>The row's columns after the change (null when deleted), as JSON.</summary>
    public string? After { get; set; }
}
