using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Geo.Api.Infrastructure;
using Geo.Api.Tests.Layers;
using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Security;

/// <summary>
/// Tokens from an external OpenID Connect provider: the provider here is a stand-in that serves its discovery
/// document and signing keys (JWKS) to the service's back channel, as a government identity platform would.
/// </summary>
public sealed class OidcTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Authority = "https://idp.example.gov.cn/realms/tuoyu";
    private const string Audience = "tuoyugeo";

    [Fact]
    public async Task A_provider_token_with_a_role_claim_is_accepted_and_a_forged_one_is_not()
    {
        using var providerKey = RSA.Create(2048);
        await using var factory = Fixture.WithWebHostBuilder(b => b
            .UseSetting("Auth:OidcAuthority", Authority)
            .UseSetting("Auth:OidcAudience", Audience)
            .UseSetting("Auth:OidcRoleClaim", "roles")
            .ConfigureTestServices(services => services.Configure<JwtBearerOptions>(SecurityServices.OidcScheme, o =>
                o.BackchannelHttpHandler = new ProviderStandIn(providerKey))));

        using var planner = factory.CreateClient();
        planner.DefaultRequestHeaders.Authorization = new("Bearer", ProviderToken(providerKey, "zhang.wei", "planner", units: [UnitScope.Nationwide]));
        var me = await planner.GetNodeAsync("/api/auth/me");
        Assert.Equal("zhang.wei", me["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await planner.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.GetAsync("/api/admin/audit")).StatusCode);

        // Fail-closed as for built-in accounts: a provider's planner whose token names no unit may read, never write.
        using var unbound = factory.CreateClient();
        unbound.DefaultRequestHeaders.Authorization = new("Bearer", ProviderToken(providerKey, "wu.fang", "planner"));
        var refusedWrite = await unbound.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("丙", 30, 10)));
        Assert.Equal(HttpStatusCode.Forbidden, refusedWrite.StatusCode);
        Assert.StartsWith("账户 wu.fang 未绑定任何行政区", (await refusedWrite.ReadNodeAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await unbound.GetAsync("/api/institutions")).StatusCode);

        using var otherKey = RSA.Create(2048);
        using var forged = factory.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", ProviderToken(otherKey, "mallory", "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/auth/me")).StatusCode);

        // Each of these differs from the accepted token in one respect only, so each refusal is for that reason.
        var refused = new Dictionary<string, string>
        {
            ["the provider's key id on another key"] = ProviderToken(otherKey, "mallory", "admin", keyId: KeyId(providerKey)),
            ["another audience"] = ProviderToken(providerKey, "mallory", "admin", audience: "another-service"),
            ["another issuer"] = ProviderToken(providerKey, "mallory", "admin", issuer: "https://idp.example.com/realms/tuoyu"),
            ["expired ten minutes ago"] = ProviderToken(providerKey, "mallory", "admin", expires: DateTime.UtcNow.AddMinutes(-10)),
        };
        foreach (var (what, token) in refused)
        {
            using var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            Assert.True((await client.GetAsync("/api/auth/me")).StatusCode == HttpStatusCode.Unauthorized, what);
        }

        // A genuine token without a role claim signs in as nobody in particular: it may read, never write.
        using var roleless = factory.CreateClient();
        roleless.DefaultRequestHeaders.Authorization = new("Bearer", ProviderToken(providerKey, "li.na", role: null));
        Assert.Equal("li.na", (await roleless.GetNodeAsync("/api/auth/me"))["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await roleless.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("乙", 30, 10)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await roleless.GetAsync("/api/admin/audit")).StatusCode);

        // Built-in accounts keep working beside the provider.
        using var local = factory.CreateClient();
        local.DefaultRequestHeaders.Authorization = new("Bearer", ApiFixture.Token("test-admin", Data.Entities.Role.Admin));
        Assert.Equal(HttpStatusCode.OK, (await local.GetAsync("/api/admin/audit")).StatusCode);
    }

    private static string ProviderToken(RSA key, string user, string? role,
        string? keyId = null, string issuer = Authority, string audience = Audience, DateTime? expires = null, string[]? units = null)
    {
        var credentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = keyId ?? KeyId(key) }, SecurityAlgorithms.RsaSha256);
        List<Claim> claims = [new("sub", Guid.NewGuid().ToString()), new("preferred_username", user)];
        if (role is not null)
        {
            claims.Add(new Claim("roles", role));
        }

        claims.AddRange((units ?? []).Select(u => new Claim("units", u))); // a JSON array in the token, one claim each when read

        var until = expires ?? DateTime.UtcNow.AddMinutes(10);
        var token = new JwtSecurityToken(issuer, audience, claims, notBefore: until.AddMinutes(-30), expires: until, signingCredentials: credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    private static string KeyId(RSA key) => Convert.ToHexString(SHA256.HashData(key.ExportRSAPublicKey()))[..16];

    /// <summary>Answers the back channel's two requests: the discovery document and the JWKS.</summary>
    private sealed class ProviderStandIn(RSA key) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            object body = path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal)
                ? new Dictionary<string, object> { ["issuer"] = Authority, ["jwks_uri"] = $"{Authority}/protocol/openid-connect/certs" }
                : new Dictionary<string, object>
                {
                    ["keys"] = new[]
                    {
                        new Dictionary<string, string>
                        {
                            ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = KeyId(key),
                            ["n"] = Base64UrlEncoder.Encode(key.ExportParameters(false).Modulus),
                            ["e"] = Base64UrlEncoder.Encode(key.ExportParameters(false).Exponent),
                        },
                    },
                };
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            });
        }
    }
}
