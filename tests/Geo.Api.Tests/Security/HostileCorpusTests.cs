using System.Text.RegularExpressions;
using System.Diagnostics;
using Npgsql;
using Geo.Api.Data.Entities;
using Geo.Api.Tests.Layers;
using Xunit.Abstractions;

namespace Geo.Api.Tests.Security;

/// <summary>
/// The hostile corpus (<see cref="HostileCorpus"/>) against the service: never a 5xx, every refusal (its title, detail and each message of errors) a Chinese-first
/// problem+json without framework text, and nothing in the database changed by a refused request.
/// </summary>
public sealed class HostileCorpusTests(ApiFixture fixture, ITestOutputHelper output) : ApiTest(fixture)
{
    [Fact]
    public void The_corpus_holds_at_least_300_cases()
    {
        Assert.True(HostileCorpus.Cases().Count >= 300, $"{HostileCorpus.Cases().Count} cases");
    }

    [Fact]
    public async Task Every_hostile_request_is_a_problem_or_a_success_and_refusals_change_nothing()
    {
        var ids = await SeedAsync();
        var clients = new Dictionary<Role, HttpClient>();
        HttpClient For(Role? role) => role is { } r ? clients.TryGetValue(r, out var c) ? c : clients[r] = Fixture.CreateClient(r) : Public;

        var cases = HostileCorpus.Cases();
        var failures = new List<string>();
        var warmedUp = 0L;
        for (var i = 0; i < cases.Count; i++)
        {
            if (i == 30)
            {
                warmedUp = Rss();
            }

            var @case = cases[i];
            var url = @case.Url.Replace("{admin}", ids["admin"], StringComparison.Ordinal);
            if (url.Contains(HostileCorpus.Existing, StringComparison.Ordinal))
            {
                url = url.Replace(HostileCorpus.Existing, ids[url.Split('/')[2]], StringComparison.Ordinal);
            }

            var before = await FingerprintAsync();
            using var request = new HttpRequestMessage(@case.Method, url) { Content = @case.Body() };
            using var response = await For(@case.Caller).SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            if (Problem(@case, status, response, body) is { } failure)
            {
                failures.Add($"{@case}: {failure} — {body[..Math.Min(body.Length, 300)]}");
            }
            else if (status >= 400 && await FingerprintAsync() != before)
            {
                failures.Add($"{@case}: refused with {status} but the database changed");
            }
        }

        var after = Rss();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var settled = Rss();
        output.WriteLine($"{cases.Count} cases; RSS warmed up {warmedUp / 1048576} MiB, after the corpus {after / 1048576} MiB, 5 s later {settled / 1048576} MiB");
        // The settings the figures were taken under: the test host's own, or the service's when given as DOTNET_GC* variables.
        var gc = GC.GetGCMemoryInfo();
        output.WriteLine($"GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, heap limit {gc.TotalAvailableMemoryBytes / 1048576} MiB, committed {gc.TotalCommittedBytes / 1048576} MiB, peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB");
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures));
    }

    private static string? Problem(HostileCase @case, int status, HttpResponseMessage response, string body)
    {
        if (status >= 500)
        {
            return $"{status}";
        }

        if (status < 400)
        {
            return @case.MaySucceed ? null : $"{status}: accepted";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}";
        }

        var problem = JsonNode.Parse(body)!;
        var title = problem["title"]?.GetValue<string>() ?? "";
        if (title.Length == 0 || title[0] < 0x3400)
        {
            return $"{status}: title not Chinese first";
        }

        if (HostileCorpus.Leaks.FirstOrDefault(leak => body.Contains(leak, StringComparison.Ordinal)) is { } leaked)
        {
            return $"{status}: body shows '{leaked}'";
        }

        if (problem["errors"] is JsonObject errors && errors.SelectMany(e => e.Value is JsonArray messages ? messages.Select(m => (e.Key, Message: m?.GetValue<string>() ?? "")) : [])
                .FirstOrDefault(e => !FirstWordChinese(e.Message)) is { Key: { } field } english)
        {
            return $"{status}: errors.{field} not Chinese first: {english.Message}";
        }

        if (problem["detail"]?.GetValue<string>() is { Length: > 0 } detail && !FirstWordChinese(detail))
        {
            return $"{status}: detail not Chinese first: {detail}";
        }

        return status == 400 && problem["errors"] is not JsonObject { Count: > 0 } ? "400 without a field in errors" : null;
    }

    /// <summary>
    /// The first word is Chinese; a leading quoted value ('备案中' …) is the client's, not the message's language, and
    /// acronyms or format names opening a Chinese sentence ("CSV 不含坐标系", "GeoJSON 文件…") are not English words.
    /// </summary>
    private static bool FirstWordChinese(string message)
    {
        var close = message.StartsWith('\'') ? message.IndexOf('\'', 1) : -1;
        var rest = Regex.Replace(message[(close + 1)..], @"^(?:[^\p{L}]*(?:[A-Z0-9][A-Z0-9.\-]*|GeoJSON|GeoPackage|Shapefile)\b)*", "");
        var first = rest.FirstOrDefault(char.IsLetter);
        return first is >= '\u3400' and <= '\u9FFF' or >= '\uFF00' and <= '\uFFEF';
    }

    /// <summary>One feature per layer (what the PUT cases aim at) and a district, so refused writes have something to spoil.</summary>
    private async Task<Dictionary<string, string>> SeedAsync()
    {
        var ids = new Dictionary<string, string>();
        foreach (var sample in LayerSample.All().Select(s => (LayerSample)s[0]))
        {
            var created = await Client.PostJsonAsync($"/api/{sample.Route}", sample.Create);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids[sample.Route] = (await created.ReadNodeAsync())["id"]!.ToString();
        }

        await HostileCorpus.AddDistrictAsync(Fixture);
        var users = await Client.GetNodeAsync("/api/admin/users");
        ids["admin"] = users.AsArray().First(u => u!["user_name"]!.GetValue<string>() == "test-admin")!["id"]!.ToString();
        return ids;
    }

    /// <summary>Rows and their content in every table of the application.</summary>
    private async Task<string> FingerprintAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        _fingerprintSql ??= await FingerprintSqlAsync(connection);
        await using var command = new NpgsqlCommand(_fingerprintSql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static string? _fingerprintSql;

    private static async Task<string> FingerprintSqlAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT string_agg(format('SELECT %L || count(*) || md5(coalesce(string_agg(t::text, '','' ORDER BY t::text), '''')) FROM %I t', table_name, table_name), ' UNION ALL ')
              FROM information_schema.tables
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('spatial_ref_sys', '__ef_migrations_history')
            """, connection);
        var union = (string)(await command.ExecuteScalarAsync())!;
        return $"SELECT string_agg(f, '/' ORDER BY f) FROM ({union}) AS x(f)";
    }

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
