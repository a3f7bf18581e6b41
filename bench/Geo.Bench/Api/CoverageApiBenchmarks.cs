using System.Diagnostics;
using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Geo.Api.Data;
using Geo.Api.Features;
using Geo.Api.Infrastructure;

namespace Geo.Bench.Api;

/// <summary>
/// The coverage API end to end for the synthetic city of 10,000 residential areas and 2,000 institutions at 1,000 m:
/// an HTTP request to a Kestrel instance of the API, which reads the district from PostGIS, computes, and
/// serialises the GeoJSON answer, read to its last byte by the client. Target: under 1 s.
/// </summary>
/// <remarks>
/// The database is given by TUOYU_BENCH_DB (a connection string); the city is loaded into it once, as district
/// 990201. The API is hosted in this process with the same registrations as Program.cs (database, API,
/// features), without the static files and the API reference page.
/// </remarks>
[Config(typeof(ApiConfig))]
public class CoverageApiBenchmarks : IDisposable
{
    private WebApplication? _app;
    private HttpClient? _client;

    [Params("step", "bands")]
    public string Method { get; set; } = "step";

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = Environment.GetEnvironmentVariable("TUOYU_BENCH_DB")
            ?? throw new InvalidOperationException("Set TUOYU_BENCH_DB to the connection string of a PostGIS database the benchmark may write to.");
        SyntheticCityDatabase.LoadAsync(connectionString, areas: 10_000, institutions: 2_000, Console.Out).GetAwaiter().GetResult();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration["ConnectionStrings:Tuoyu"] = connectionString;
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddTuoyuDatabase(builder.Configuration);
        builder.Services.AddTuoyuApi();
        builder.Services.AddTuoyuFeatures();
        _app = builder.Build();
        _app.UseExceptionHandler();
        _app.MapTuoyuFeatures();
        _app.StartAsync().GetAwaiter().GetResult();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromMinutes(2) };

        var first = Stopwatch.StartNew();
        var bytes = Coverage().GetAwaiter().GetResult();
        Console.WriteLine($"// First call (cold: JIT, EF model, connection pool): {first.ElapsedMilliseconds} ms, {bytes / 1024.0 / 1024.0:F1} MiB");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _client?.Dispose();
        _app?.StopAsync().GetAwaiter().GetResult();
        (_app as IAsyncDisposable)?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _app = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>GET /api/analysis/coverage with the areas' outlines (the default).</summary>
    [Benchmark(Baseline = true)]
    public Task<long> Coverage() => GetAsync($"/api/analysis/coverage?district={SyntheticCityDatabase.District}&radius_m=1000&method={Method}");

    /// <summary>The same with demand points instead of outlines (a lighter answer).</summary>
    [Benchmark]
    public Task<long> CoveragePoints() => GetAsync($"/api/analysis/coverage?district={SyntheticCityDatabase.District}&radius_m=1000&method={Method}&geometry=point");

    /// <summary>What-if with one institution added: two runs and two full answers plus the diff.</summary>
    [Benchmark]
    public async Task<long> WhatIf()
    {
        using var response = await _client!.PostAsJsonAsync("/api/analysis/coverage", new
        {
            district = SyntheticCityDatabase.District,
            radius_m = 1000,
            method = Method,
            add = new[] { new { name = "新址", lon = 119.30, lat = 26.08, approved_slots = 100 } },
        });
        return await ReadAsync(response);
    }

    private async Task<long> GetAsync(string url)
    {
        using var response = await _client!.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        return await ReadAsync(response);
    }

    private static async Task<long> ReadAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync();
        return body.LongLength;
    }

    private sealed class ApiConfig : ManualConfig
    {
        // In process: the web host and its database connections live in the benchmark's own process.
        public ApiConfig() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(2).WithIterationCount(10).WithInvocationCount(1).WithUnrollFactor(1).WithId("Api"));
    }
}
