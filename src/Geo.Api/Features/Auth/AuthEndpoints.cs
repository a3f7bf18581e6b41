using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using Geo.Api.Infrastructure;

namespace Geo.Api.Features.Auth;

public sealed record SignInRequest(string? UserName, string? Password);

public sealed record TokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, Role Role);

public sealed record MeResponse(string Name, IReadOnlyList<string> Roles);

public sealed record UserResponse(long Id, string UserName, Role Role, bool Disabled, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt);

public sealed record CreateUserRequest(string? UserName, string? Password, Role? Role);

public sealed record UpdateUserRequest(Role? Role, bool? Disabled, bool? Unlock, string? Password);

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
            .Select(u => new UserResponse(u.Id, u.UserName, u.Role, u.Disabled, u.LockedUntil, u.CreatedAt)).ToListAsync(cancellationToken));

    private static async Task<Results<Created<UserResponse>, Conflict<ProblemDetails>>> CreateUserAsync(
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
        errors.ThrowIfAny();
        if (await db.UserAccounts.AnyAsync(u => u.UserName == request.UserName, cancellationToken))
        {
            return TypedResults.Conflict(new ProblemDetails { Status = 409, Title = "用户已存在 User exists", Detail = $"{request.UserName} exists already." });
        }

        var user = await accounts.CreateAsync(request.UserName!, request.Password!, request.Role!.Value, cancellationToken);
        return TypedResults.Created($"/api/admin/users/{user.Id}", new UserResponse(user.Id, user.UserName, user.Role, user.Disabled, user.LockedUntil, user.CreatedAt));
    }

    private static async Task<Results<Ok<UserResponse>, NotFound, ProblemHttpResult>> UpdateUserAsync(long id, UpdateUserRequest request,
        TuoyuDbContext db, Microsoft.AspNetCore.Identity.IPasswordHasher<UserAccount> hasher, AccountStamps stamps, CancellationToken cancellationToken)
    {
        if (request.Password is not null && AccountService.PasswordProblem(request.Password) is { } problem)
        {
            throw new RequestValidationException("password", problem);
        }

        var user = await db.UserAccounts.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        var role = request.Role ?? user.Role;
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
        return TypedResults.Ok(new UserResponse(user.Id, user.UserName, user.Role, user.Disabled, user.LockedUntil, user.CreatedAt));
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
