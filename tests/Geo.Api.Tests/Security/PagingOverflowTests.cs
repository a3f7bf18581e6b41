namespace Geo.Api.Tests.Security;

/// <summary>Pages past what an int can skip are a 400 naming page, never a 500.</summary>
public sealed class PagingOverflowTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("/api/institutions?page=2147483647")]
    [InlineData("/api/parcels?page=2147483647&page_size=10000")]
    [InlineData("/api/nursing-rooms?page=1000000&page_size=10000")]
    [InlineData("/api/analysis/scenarios?page=2147483647&page_size=200")]
    public async Task A_page_past_the_last_countable_row_is_a_400_naming_page(string url)
    {
        var response = await Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("must be at most", (await response.ReadNodeAsync())["errors"]!["page"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
