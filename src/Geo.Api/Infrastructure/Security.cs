using System.IdentityModel.Tokens.Jwt;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Geo.Api.Infrastructure;

/// <summary>The authorization policies endpoints name; anonymous callers are the public.</summary>
public static class Policies
{
    /// <summary>Edits institutions, 母婴室, public places, residential areas; runs analyses and scenarios.</summary>
    public const string Planner = "planner";

    /// <summary>Edits parcels.</summary>
    public const string LandOfficer = "land_officer";

    /// <summary>Reads parcels and the priority ranking: land officers, planners, admins.</summary>
    public const string ParcelReader = "parcel_reader";

    /// <summary>Users, settings, the audit log, administrative units.</summary>
    public const string Admin = "admin";

    /// <summary>Any signed-in staff member.</summary>
    public const string Staff = "staff";
}

/// <summary>Authentication settings (section "Auth").</summary>
public sealed class AuthOptions
{
    public const string LocalIssuer = "tuoyugeo";

    /// <summary>Base64 HMAC key for built-in accounts' tokens; when empty one is generated and kept in the database.</summary>
    public string? SigningKey { get; set; }

    public int TokenMinutes { get; set; } = 480;

    public int MaxFailedSignIns { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>An external OpenID Connect provider (e.g. the government's identity platform); empty: none.</summary>
    public string? OidcAuthority { get; set; }

    public string? OidcAudience { get; set; }

    /// <summary>The claim of the provider's tokens that holds our role words (planner, land_officer, admin).</summary>
    public string OidcRoleClaim { get; set; } = "roles";

    /// <summary>The claim of the provider's tokens that holds the account's units (adcodes; <see cref="UnitScope.Nationwide"/> for all).</summary>
    public string OidcUnitsClaim { get; set; } = "units";

    /// <summary>
    /// How long another instance may go on trusting an account's stamp or a stored signing key after they
    /// change (the instance that made the change stops at once).
    /// </summary>
    public int RevocationSeconds { get; set; } = 5;

    public TimeSpan RevocationDelay => TimeSpan.FromSeconds(RevocationSeconds);
}

/// <summary>Rate limits (section "RateLimits"): requests per minute per caller.</summary>
public sealed class RateLimitOptions
{
    public int AnonymousPerMinute { get; set; } = 600;

    public int StaffPerMinute { get; set; } = 6000;
}

/// <summary>
/// The key that signs built-in accounts' tokens: Auth:SigningKey from configuration, else a random key kept in
/// service_settings (row auth.signing_key). The stored key is read again every few seconds, so a rotation by
/// the `rotate-signing-key` command reaches running instances without a restart.
/// </summary>
public sealed class LocalTokenKeys(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string SettingKey = "auth.signing_key";
    private readonly Lock _lock = new();
    private (SymmetricSecurityKey Key, DateTimeOffset ReadAt)? _current;

    /// <summary>True when the key comes from configuration, which the service cannot rotate itself.</summary>
    public bool Configured => !string.IsNullOrEmpty(options.Value.SigningKey);

    public SymmetricSecurityKey Key
    {
        get
        {
            lock (_lock)
            {
                if (_current is not { } current || (!Configured && clock.GetUtcNow() - current.ReadAt > options.Value.RevocationDelay))
                {
                    _current = current = (Load(), clock.GetUtcNow());
                }

                return current.Key;
            }
        }
    }

    /// <summary>Replaces the stored key: every token signed with the old one is refused from then on.</summary>
    public async Task RotateAsync(TuoyuDbContext db, CancellationToken cancellationToken = default)
    {
        if (Configured)
        {
            throw new InvalidOperationException("The signing key is set in configuration (Auth:SigningKey): replace it there and restart.");
        }

        var stored = await db.ServiceSettings.FirstOrDefaultAsync(s => s.Key == SettingKey, cancellationToken);
        if (stored is null)
        {
            db.ServiceSettings.Add(new ServiceSetting { Key = SettingKey, Value = NewKey() });
        }
        else
        {
            stored.Value = NewKey();
        }

        await db.SaveChangesAsync(cancellationToken);
        lock (_lock)
        {
            _current = null;
        }
    }

    private static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));

    private SymmetricSecurityKey Load()
    {
        if (Configured)
        {
            return new SymmetricSecurityKey(Convert.FromBase64String(options.Value.SigningKey!));
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
        var stored = db.ServiceSettings.AsNoTracking().FirstOrDefault(s => s.Key == SettingKey);
        if (stored is null)
        {
            stored = new ServiceSetting { Key = SettingKey, Value = NewKey() };
            db.ServiceSettings.Add(stored);
            try
            {
                db.SaveChanges();
            }
            catch (DbUpdateException)
            {
                // Another instance stored one first: use that.
                db.ChangeTracker.Clear();
                stored = db.ServiceSettings.AsNoTracking().First(s => s.Key == SettingKey);
            }
        }

        return new SymmetricSecurityKey(Convert.FromBase64String(stored.Value));
    }
}

/// <summary>
/// Checks the security stamp a built-in token carries against its account on every request. A stamp found
/// current is trusted for <see cref="AuthOptions.RevocationDelay"/> at most; a change made by this instance
/// forgets it at once, so the next request of the old token is refused. Unknown, deleted and disabled
/// accounts have no current stamp.
/// </summary>
public sealed class AccountStamps(TimeProvider clock, Microsoft.Extensions.Options.IOptions<AuthOptions> options)
{
    public const string Claim = "stamp";
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string? Stamp, DateTimeOffset CheckedAt)> _checked = new(StringComparer.Ordinal);

    public async Task<bool> IsCurrentAsync(string userName, string stamp, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_checked.TryGetValue(userName, out var known) && known.Stamp == stamp && now - known.CheckedAt <= options.Value.RevocationDelay)
        {
            return true;
        }

        var current = await db.UserAccounts.AsNoTracking().Where(u => u.UserName == userName && !u.Disabled)
            .Select(u => u.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
        _checked[userName] = (current, now);
        return current is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(current), System.Text.Encoding.UTF8.GetBytes(stamp));
    }

    public void Forget(string userName) => _checked.TryRemove(userName, out _);

    /// <summary>Refuses a built-in token whose stamp is missing or no longer its account's.</summary>
    internal static async Task CheckAsync(TokenValidatedContext context)
    {
        var user = context.Principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var stamp = context.Principal?.FindFirst(Claim)?.Value;
        var services = context.HttpContext.RequestServices;
        if (user is null || stamp is null || !await services.GetRequiredService<AccountStamps>()
                .IsCurrentAsync(user, stamp, services.GetRequiredService<TuoyuDbContext>(), context.HttpContext.RequestAborted))
        {
            context.Fail("The account was changed, disabled or deleted since this token was issued: sign in again.");
        }
    }
}

/// <summary>The audit actor of a request: the signed-in user's name, else "anonymous".</summary>
internal sealed class HttpAuditActor(IHttpContextAccessor http) : IAuditActor
{
    public string Name => http.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : http.HttpContext is null ? "system" : "anonymous";
}

public static class SecurityServices
{
    public const string LocalScheme = "local";
    public const string OidcScheme = "oidc";
    private const string SelectorScheme = "bearer";

    public static IServiceCollection AddTuoyuSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection("Auth"));
        services.Configure<RateLimitOptions>(configuration.GetSection("RateLimits"));
        var auth = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();

        services.AddHttpContextAccessor();
        services.AddScoped<IAuditActor, HttpAuditActor>();
        services.AddSingleton<LocalTokenKeys>();
        services.AddSingleton<AccountStamps>();
        services.AddScoped<UnitScope>();
        services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<UserAccount>, Microsoft.AspNetCore.Identity.PasswordHasher<UserAccount>>();

        var authentication = services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Bearer token (built-in or OIDC)", o => o.ForwardDefaultSelector = context =>
                auth.OidcAuthority is { Length: > 0 } && !IsLocalToken(context.Request.Headers.Authorization.ToString()) ? OidcScheme : LocalScheme)
            .AddJwtBearer(LocalScheme, o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AuthOptions.LocalIssuer,
                    ValidAudience = AuthOptions.LocalIssuer,
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                    RoleClaimType = "role",
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                o.Events = new JwtBearerEvents { OnTokenValidated = AccountStamps.CheckAsync };
            });
        services.AddOptions<JwtBearerOptions>(LocalScheme).Configure<LocalTokenKeys>((o, keys) =>
            o.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => [keys.Key]);

        if (auth.OidcAuthority is { Length: > 0 })
        {
            authentication.AddJwtBearer(OidcScheme, o =>
            {
                o.Authority = auth.OidcAuthority;
                o.Audience = auth.OidcAudience;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = "preferred_username";
                o.TokenValidationParameters.RoleClaimType = auth.OidcRoleClaim;
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Planner, p => p.RequireRole(Words.Of(Role.Planner), Words.Of(Role.Admin)))
            .AddPolicy(Policies.LandOfficer, p => p.RequireRole(Words.Of(Role.LandOfficer), Words.Of(Role.Admin)))
            .AddPolicy(Policies.ParcelReader, p => p.RequireRole(Words.Of(Role.LandOfficer), Words.Of(Role.Planner), Words.Of(Role.Admin)))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Words.Of(Role.Admin)))
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser());

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limits = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value;
                var staff = context.User.Identity?.IsAuthenticated == true;
                var key = staff ? $"user:{context.User.Identity!.Name}" : $"ip:{context.Connection.RemoteIpAddress}";
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = staff ? limits.StaffPerMinute : limits.AnonymousPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Title = "请求过于频繁 Too many requests", Detail = "The request limit for this minute is reached; try again in a minute." },
                });
            };
        });

        var origins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(o => o.AddDefaultPolicy(p =>
        {
            if (origins.Length > 0)
            {
                p.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("ETag", "Location");
            }
        }));
        return services;
    }

    private static bool IsLocalToken(string authorization)
    {
        const string prefix = "Bearer ";
        if (!authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var handler = new JwtSecurityTokenHandler();
        var token = authorization[prefix.Length..].Trim();
        return !handler.CanReadToken(token) || handler.ReadJwtToken(token).Issuer == AuthOptions.LocalIssuer;
    }

    /// <summary>
    /// Headers every response carries; the map may load tiles from OpenStreetMap and 天地图 only. What a
    /// signed-in caller gets may depend on who they are (parcels, unfiled institutions, credit codes), so no
    /// cache keeps it (private, no-store), and every response varies by Authorization so that a shared cache
    /// never hands a public copy to staff or the reverse.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        context.Response.OnStarting(() =>
        {
            headers.Append(Microsoft.Net.Http.Headers.HeaderNames.Vary, "Authorization");
            if (context.User.IsStaff() || context.Request.Headers.Authorization.Count > 0)
            {
                headers.CacheControl = "private, no-store";
            }

            return Task.CompletedTask;
        });
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "geolocation=(self), camera=(), microphone=()";
        headers.ContentSecurityPolicy =
            "default-src 'self'; img-src 'self' data: blob: https://*.tile.openstreetmap.org https://tile.openstreetmap.org https://*.tianditu.gov.cn; " +
            "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
        await next();
    });

    /// <summary>
    /// Refuses bodies larger than the limit before reading them (413 ProblemDetails); endpoints that take
    /// files raise their own limit with <see cref="LargeBodyAttribute"/>.
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app, long maxBytes) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<LargeBodyAttribute>()?.MaxBytes ?? maxBytes;
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 413, Title = "请求体过大 Request too large", Detail = $"The body is {context.Request.ContentLength} bytes; at most {limit} are accepted here." },
            });
            return;
        }

        await next();
    });

    /// <summary>
    /// Refuses an address (path and query) longer than <paramref name="maxChars"/> with a 414 ProblemDetails.
    /// Kestrel's own request-line limit is raised above it (<see cref="ApiServices.AddTuoyuApi"/>) so that this
    /// answer, not Kestrel's bare one, is what a client sees.
    /// </summary>
    public static IApplicationBuilder UseUrlLengthLimit(this IApplicationBuilder app, int maxChars) => app.Use(async (context, next) =>
    {
        var length = (context.Request.Path.Value?.Length ?? 0) + (context.Request.QueryString.Value?.Length ?? 0);
        if (length > maxChars)
        {
            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["url"] = [$"最多 {maxChars} 个字符 at most {maxChars} characters"] })
                {
                    Status = 414,
                    Title = "网址过长 URI too long",
                    Detail = $"The address is {length} characters long; at most {maxChars} are read: send long filters in a request body or narrow them.",
                },
            });
            return;
        }

        await next();
    });

    public static string? UserName(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;

    public static bool IsStaff(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;
}

/// <summary>Raises the request body limit of an endpoint that takes files (imports).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class LargeBodyAttribute(long maxBytes) : Attribute
{
    public long MaxBytes { get; } = maxBytes;
}
