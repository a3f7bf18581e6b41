using System.IdentityModel.Tokens.Jwt;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Geo.Api.Features.Auth;

/// <summary>Built-in accounts: password checks with lock-out, and the tokens they sign in with.</summary>
public sealed class AccountService(TuoyuDbContext db, IPasswordHasher<UserAccount> hasher, LocalTokenKeys keys,
    IOptions<AuthOptions> options, TimeProvider clock)
{
    public const int MinPasswordLength = 10;

    /// <summary>
    /// The one refusal of every failed sign-in, so that it tells nobody whether the name exists or is locked.
    /// </summary>
    public const string Refusal = "用户名或密码错误，或账户因多次错误已暂时锁定 Wrong user name or password, or the account is locked for a while after repeated failures";

    /// <summary>A hash to check passwords of unknown names against, so that they cost what a real check costs.</summary>
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<UserAccount>().HashPassword(new UserAccount { UserName = "nobody", PasswordHash = "" }, NewDummyPassword()));

    public sealed record SignInResult(string? Token, DateTimeOffset? Expires, Role? Role);

    private static string NewDummyPassword() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public static string? PasswordProblem(string? password) =>
        password is null || password.Length < MinPasswordLength ? $"must be at least {MinPasswordLength} characters"
        : password.Distinct().Count() < 4 ? "must not be a repetition of a few characters"
        : null;

    public Task<UserAccount> CreateAsync(string userName, string password, Role role, CancellationToken cancellationToken = default) =>
        CreateAsync(userName, password, role, [], cancellationToken);

    /// <param name="units">The units the account may change data in (<see cref="UserAccount.Units"/>); empty: not bound.</param>
    public async Task<UserAccount> CreateAsync(string userName, string password, Role role, List<string> units, CancellationToken cancellationToken = default)
    {
        var user = new UserAccount { UserName = userName, PasswordHash = "", Role = role, Units = units, CreatedAt = clock.GetUtcNow() };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.UserAccounts.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>
    /// Checks a password; after <see cref="AuthOptions.MaxFailedSignIns"/> failures the account locks for a while.
    /// Unknown, disabled and locked accounts are refused like a wrong password, after a hash check of the same cost.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var user = await db.UserAccounts.FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        var verified = hasher.VerifyHashedPassword(user ?? new UserAccount { UserName = userName, PasswordHash = "" },
            user?.PasswordHash ?? DummyHash.Value, password) != PasswordVerificationResult.Failed;
        if (user is null || user.Disabled || user.LockedUntil > now)
        {
            return new(null, null, null);
        }

        if (!verified)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= settings.MaxFailedSignIns)
            {
                user.LockedUntil = now.AddMinutes(settings.LockoutMinutes);
                user.FailedSignIns = 0;
            }

            await db.SaveChangesAsync(cancellationToken);
            return new(null, null, null);
        }

        if (user.FailedSignIns != 0 || user.LockedUntil is not null)
        {
            user.FailedSignIns = 0;
            user.LockedUntil = null;
            await db.SaveChangesAsync(cancellationToken);
        }

        var expires = now.AddMinutes(settings.TokenMinutes);
        var token = new JwtSecurityToken(
            issuer: AuthOptions.LocalIssuer,
            audience: AuthOptions.LocalIssuer,
            claims: [new Claim(JwtRegisteredClaimNames.Sub, user.UserName), new Claim("role", Words.Of(user.Role)), new Claim(AccountStamps.Claim, user.SecurityStamp)],
            notBefore: now.UtcDateTime,
            expires: expires.UtcDateTime,
            signingCredentials: new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256));
        return new(new JwtSecurityTokenHandler().WriteToken(token), expires, user.Role);
    }
}
