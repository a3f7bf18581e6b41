using System.Text.Json;

namespace Geo.Api.Tests.Foundation;

public sealed class HealthTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Health_reports_the_database_and_the_PostGIS_version()
    {
        var response = await Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("database").GetBoolean());
        Assert.Matches(@"^3\.\d+", body.GetProperty("postgis").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_and_the_reference_page_are_served()
    {
        var openApi = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json")).RootElement;
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/health", out _));

        var reference = await Client.GetAsync("/api-docs");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }

    [Theory]
    [InlineData("InstitutionInput", "name,nature,operator_type,approved_slots,enrolled_slots,filing_status,status")]
    [InlineData("ParcelInput", "code,name,land_use,status")]
    [InlineData("DistrictInput", "code,name,level")]
    [InlineData("InstitutionProperties", "name,status,vacancies,district_code,data_source,updated_at,version")]
    [InlineData("NursingRoomProperties", "name,venue_type,missing_equipment,compliant,version")]
    [InlineData("WhatIfRequest", "district")]
    [InlineData("AddedInstitution", "lon,lat,approved_slots")]
    [InlineData("AccessibilityRequest", "demand,supply")]
    [InlineData("ProblemDemandInput", "id,weight")]
    public async Task The_OpenAPI_document_lists_the_fields_a_body_must_have(string schema, string fields)
    {
        var openApi = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var required = openApi.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("required")
            .EnumerateArray().Select(f => f.GetString()).ToHashSet();

        Assert.Superset(fields.Split(',').ToHashSet<string?>(), required);
        // What a client may leave out stays optional.
        Assert.DoesNotContain("phone", required);
        Assert.DoesNotContain("owner", required);
    }

    [Fact]
    public async Task The_map_is_served_at_the_root_with_Leaflet_from_local_assets()
    {
        var page = await Client.GetStringAsync("/");
        Assert.Contains("vendor/leaflet/leaflet.js", page);
        Assert.DoesNotContain("unpkg", page);
        Assert.DoesNotContain("cdn", page, StringComparison.OrdinalIgnoreCase);

        var leaflet = await Client.GetAsync("/vendor/leaflet/leaflet.js");
        Assert.Equal(HttpStatusCode.OK, leaflet.StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_answer_with_ProblemDetails()
    {
        var response = await Client.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void Compose_and_tests_pin_the_same_PostGIS_image()
    {
        var compose = File.ReadAllText(Path.Combine(TestDatabase.RepositoryRoot(), "docker-compose.yml"));
        Assert.Contains($"image: {TestDatabase.PostgisImage}", compose);
        Assert.Contains($"postgis_image: {TestDatabase.PostgisImage}", compose);
        Assert.Contains($"image: {TestDatabase.PgRoutingImage}", compose);
        Assert.Contains("postgresql-15-pgrouting", File.ReadAllText(Path.Combine(TestDatabase.RepositoryRoot(), "scripts", "db.Dockerfile")));
    }
}
