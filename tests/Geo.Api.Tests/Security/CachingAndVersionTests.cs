using System.Net.Http.Headers;
using System.Net.Http.Json;
using Geo.Api.Data.Entities;
using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Security;

/// <summary>What a shared cache may keep, and districts' optimistic concurrency.</summary>
public sealed class CachingAndVersionTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("/tiles/parcels/14/13653/7039.mvt", Role.LandOfficer)]
    [InlineData("/tiles/institutions/14/13653/7039.mvt", Role.Planner)]
    [InlineData("/api/institutions", Role.Planner)]
    [InlineData("/api/parcels", Role.LandOfficer)]
    public async Task Responses_for_staff_are_neither_shared_nor_stored(string path, Role role)
    {
        using var staff = Fixture.CreateClient(role);

        var response = await staff.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("Authorization", response.Headers.Vary);
    }

    [Fact]
    public async Task Public_tiles_may_be_cached_but_vary_by_caller()
    {
        var response = await Public.GetAsync("/tiles/institutions/14/13653/7039.mvt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl is { Public: true }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("Authorization", response.Headers.Vary);
    }

    [Fact]
    public async Task A_stale_district_update_or_delete_gets_409_with_the_current_version()
    {
        await Client.PostJsonAsync("/api/districts", new { type = "Feature", geometry = (object?)null, properties = new { code = "350000", name = "福建省", level = "province" } });
        var created = await Client.PostJsonAsync("/api/districts", new { type = "Feature", geometry = (object?)null, properties = new { code = "350100", name = "福州市", level = "city", parent_code = "350000" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var read = await Client.GetAsync("/api/districts/350100");
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal((await read.ReadNodeAsync())["properties"]!["version"]!.ToString(), etag.Trim('"'));

        var saved = await SendAsync(HttpMethod.Put, etag, "福州市（一）");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var current = saved.Headers.ETag!.Tag;
        Assert.NotEqual(etag, current);

        var stale = await SendAsync(HttpMethod.Put, etag, "福州市（二）");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(current.Trim('"'), (await stale.ReadNodeAsync())["current_version"]!.ToString());
        Assert.Equal("福州市（一）", (await Client.GetNodeAsync("/api/districts/350100"))["properties"]!["name"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Delete, etag, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/districts/350100")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, current, null)).StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string ifMatch, string? name)
    {
        using var request = new HttpRequestMessage(method, "/api/districts/350100");
        if (name is not null)
        {
            request.Content = JsonContent.Create(new { type = "Feature", geometry = (object?)null, properties = new { code = "350100", name, level = "city", parent_code = "350000" } }, options: Options);
        }

        request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        return await Client.SendAsync(request);
    }
}
