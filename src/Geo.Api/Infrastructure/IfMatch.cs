namespace Geo.Api.Infrastructure;

/// <summary>
/// Optimistic concurrency on a row's version (Postgres xmin): responses carry it as the ETag, and a PUT or
/// DELETE whose If-Match names another version was prepared on an older row, so it is refused with 409.
/// </summary>
public static class IfMatch
{
    public static string ETag(uint version) => $"\"{version}\"";

    /// <summary>True when the request's If-Match is absent, "*", or names <paramref name="version"/>.</summary>
    public static bool Allows(HttpRequest request, uint version)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        return string.IsNullOrEmpty(ifMatch) || ifMatch == "*" || ifMatch.Trim() == ETag(version);
    }
}
