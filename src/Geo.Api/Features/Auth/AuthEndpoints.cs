using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Geo.Api.Features.Auth;

public sealed record SignInRequest(string? UserName, string? Password);

public sealed record TokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, Role Role);

public sealed record MeResponse(string Name, IReadOnlyList<string> Roles);

/// <param name="Units">The districts, cities or provinces the account may change data in; empty: not bound.</param>
public sealed record UserResponse(long Id, string UserName, Role Role, bool Disabled, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt, IReadOnlyList<string> Units)
{
    public static UserResponse Of(UserAccount u) => new(u.Id, u.UserName, u.Role, u.Disabled, u.LockedUntil, u.CreatedAt, u.Units);
}

public sealed record CreateUserRequest(string? UserName, string? Password, Role? Role, List<string?>? Units = null);

/// <param name="Units">Replaces the account's units when given ([] unbinds it).</param>
public sealed record UpdateUserRequest(Role? Role, bool? Disabled, bool? Unlock, string? Password, List<string?>? Units = null);

public sealed record AuditResponse(long Id, DateTimeOffset At, string Actor, string Action, string Entity, string EntityId, string? Before, string? After);

/// <summary>Sign-in for built-in accounts, who am I, and the admin's users and audit log.</summary>
public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth 登录").ProducesClientProblems(notFound: false);
        auth.MapPost("/token", SignInAsync).AllowAnonymous().WithSummary("Sign in with a built-in account; returns a bearer token");
        auth.MapGet("/me", Me).RequireAuthorization(Policies.Staff).WithSummary("The signed-in user and roles");

        var admin = app.MapGroup("/api/admin").WithTags("Admin 管理").RequireAuthorization(Policies.Admin).ProducesClientProblems();
        admin.MapGet("/users", ListUsersAsync);
        admin.MapPost("/users", CreateUserAsync);
        admin.MapPut("/users/{id:long}", UpdateUserAsync).WithSummary("Change a user's role, password or disabled flag; ends the user's tokens");
        admin.MapDelete("/users/{id:long}", DeleteUserAsync).WithSummary("Delete a user (audited); ends the user's tokens; never the last admin");
        admin.MapGet("/audit", ReadAuditAsync).WithSummary("The audit log, newest first; filter by entity and id");
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> SignInAsync(
        SignInRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Require(!string.IsNullOrWhiteSpace(request.UserName), "user_name", "is required");
        errors.Require(!string.IsNullOrEmpty(request.Password), "password", "is required");
        errors.ThrowIfAny();

        var result = await accounts.SignInAsync(request.UserName!, request.Password!, cancellationToken);
        if (result.Token is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "登录失败 Sign-in failed", detail: AccountService.Refusal);
        }

        return TypedResults.Ok(new TokenResponse(result.Token, "Bearer", result.Expires!.Value, result.Role!.Value));
    }

    private static Ok<MeResponse> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new MeResponse(user.Identity!.Name ?? "", user.FindAll("role").Select(c => c.Value).ToList()));

    private static async Task<Ok<List<UserResponse>>> ListUsersAsync(TuoyuDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.UserAccounts.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => UserResponse.Of(u)).ToListAsync(cancellationToken));

    private static async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateUserAsync(
        CreateUserRequest request, TuoyuDbContext db, AccountService accounts, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Require(request.UserName is not null && System.Text.RegularExpressions.Regex.IsMatch(request.UserName, "^[A-Za-z0-9_.@-]{3,64}$"),
            "user_name", "must be 3–64 letters, digits or _ . @ -");
        if (AccountService.PasswordProblem(request.Password) is { } problem)
        {
            errors.Add("password", problem);
        }

        errors.Present(request.Role, "role");
        var units = await UnitsAsync(request.Units, db, errors, cancellationToken);
        RequireUnits(request.Role, units ?? [], errors);
        errors.ThrowIfAny();
        if (await db.UserAccounts.AnyAsync(u => u.UserName == request.UserName, cancellationToken))
        {
            return TypedResults.Problem(statusCode: 409, title: "用户已存在 User exists", detail: $"user_name: {request.UserName} exists already; choose another.");
        }

        var user = await accounts.CreateAsync(request.UserName!, request.Password!, request.Role!.Value, units ?? [], cancellationToken);
        return TypedResults.Created($"/api/admin/users/{user.Id}", UserResponse.Of(user));
    }

    private static async Task<Results<Ok<UserResponse>, NotFound, ProblemHttpResult>> UpdateUserAsync(long id, UpdateUserRequest request,
        TuoyuDbContext db, Microsoft.AspNetCore.Identity.IPasswordHasher<UserAccount> hasher, AccountStamps stamps, CancellationToken cancellationToken)
    {
        if (request.Password is not null && AccountService.PasswordProblem(request.Password) is { } problem)
        {
            throw new RequestValidationException("password", problem);
        }

        var errors = new ValidationErrors();
        var units = await UnitsAsync(request.Units, db, errors, cancellationToken);
        errors.ThrowIfAny();
        var user = await db.UserAccounts.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        var role = request.Role ?? user.Role;
        if (request.Role is not null || units is not null)
        {
            // Disabling, unlocking or a new password still reach an account bound before the rule.
            RequireUnits(role, units ?? user.Units, errors);
            errors.ThrowIfAny();
        }

        var disabled = request.Disabled ?? user.Disabled;
        if ((role != Role.Admin || disabled) && await IsLastAdminAsync(db, user, cancellationToken))
        {
            return LastAdmin(user);
        }

        // Tokens carry the stamp: a new one makes the next request of every old token a 401.
        if (role != user.Role || disabled != user.Disabled || request.Password is not null)
        {
            user.SecurityStamp = UserAccount.NewStamp();
        }

        user.Role = role;
        user.Disabled = disabled;
        if (units is not null)
        {
            user.Units = units; // read on every request, so it holds from the next one
        }
        if (request.Unlock == true)
        {
            user.LockedUntil = null;
            user.FailedSignIns = 0;
        }

        if (request.Password is not null)
        {
            user.PasswordHash = hasher.HashPassword(user, request.Password);
        }

        await db.SaveChangesAsync(cancellationToken);
        stamps.Forget(user.UserName);
        return TypedResults.Ok(UserResponse.Of(user));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteUserAsync(
        long id, TuoyuDbContext db, AccountStamps stamps, CancellationToken cancellationToken)
    {
        var user = await db.UserAccounts.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        if (await IsLastAdminAsync(db, user, cancellationToken))
        {
            return LastAdmin(user);
        }

        db.UserAccounts.Remove(user); // tracked, so the audit log keeps the row (its secrets redacted)
        await db.SaveChangesAsync(cancellationToken);
        stamps.Forget(user.UserName);
        return TypedResults.NoContent();
    }

    /// <summary>An enabled admin with no other enabled admin: without it nobody could manage users any more.</summary>
    /// <summary>The units to bind an account to: existing provinces, cities or districts, each once; null when not given.</summary>
    private static async Task<List<string>?> UnitsAsync(List<string?>? units, TuoyuDbContext db, ValidationErrors errors, CancellationToken cancellationToken)
    {
        const int max = 100;
        if (units is null)
        {
            return null;
        }

        if (units.Count > max || units.Any(u => u is null) || units.Distinct().Count() != units.Count)
        {
            errors.Add("units", $"最多 {max} 个互不相同的行政区划代码，不能为 null; must be at most {max} distinct adcodes (no nulls)");
            return null;
        }

        var codes = units.Cast<string>().ToList();
        var levels = new[] { DistrictLevel.Province, DistrictLevel.City, DistrictLevel.District };
        var known = await db.Districts.AsNoTracking().Where(d => codes.Contains(d.Code) && levels.Contains(d.Level)).Select(d => d.Code).ToListAsync(cancellationToken);
        foreach (var unknown in codes.Except(known).Where(c => c != UnitScope.Nationwide))
        {
            errors.Add("units", $"{unknown} 不是 /api/districts 中的省、市或区县（{UnitScope.Nationwide} 为全国）; {unknown} is not a province, city or district in /api/districts ({UnitScope.Nationwide}: the whole country)");
        }

        return codes;
    }

    /// <summary>Fail-closed: a planner or land officer works inside named units; only admins may be unbound.</summary>
    private static void RequireUnits(Role? role, IReadOnlyCollection<string> units, ValidationErrors errors) =>
        errors.Require(role is null or Role.Admin || units.Count > 0, "units",
            $"规划人员和自然资源人员必须绑定至少一个行政区（区县、市或省的代码，{UnitScope.Nationwide} 为全国）; a planner or land officer must be bound to at least one unit (adcodes; {UnitScope.Nationwide} for the whole country)");

    private static async Task<bool> IsLastAdminAsync(TuoyuDbContext db, UserAccount user, CancellationToken cancellationToken) =>
        user is { Role: Role.Admin, Disabled: false }
        && !await db.UserAccounts.AnyAsync(u => u.Id != user.Id && u.Role == Role.Admin && !u.Disabled, cancellationToken);

    private static ProblemHttpResult LastAdmin(UserAccount user) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "不能移除最后一位管理员 The last admin stays",
        detail: $"{user.UserName} is the only enabled admin: make another user admin first, then delete, disable or demote this one.");

    private static async Task<Ok<List<AuditResponse>>> ReadAuditAsync([FromQuery] string? entity, [FromQuery(Name = "entity_id")] string? entityId,
        [FromQuery] int? limit, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (entity is not null)
        {
            query = query.Where(a => a.Entity == entity);
        }

        if (entityId is not null)
        {
            query = query.Where(a => a.EntityId == entityId);
        }

        return TypedResults.Ok(await query.OrderByDescending(a => a.Id).Take(Math.Clamp(limit ?? 200, 1, 5000))
            .Select(a => new AuditResponse(a.Id, a.At, a.Actor, a.Action, a.Entity, a.EntityId, a.Before, a.After))
            .ToListAsync(cancellationToken));
    }
}
