using Scalar.AspNetCore;
using Geo.Api.Cli;
using Geo.Api.Features;
using Geo.Api.Jobs;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,                         // appsettings.json wherever it is run from
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),   // web/ is copied there on build
});

builder.Services.AddTuoyuDatabase(builder.Configuration); // PostGIS through EF Core + NetTopologySuite
builder.Services.AddTuoyuApi();                           // JSON, ProblemDetails, OpenAPI
builder.Services.AddTuoyuSecurity(builder.Configuration); // tokens, roles, rate limits, CORS
builder.Services.AddTuoyuFeatures();                      // layers, analysis, accounts
builder.Services.AddDurableJobs(builder.Configuration);   // imports and siting runs kept in PostgreSQL, run on any instance

var app = builder.Build();

if (await app.TryRunCommandAsync(args))                    // `migrate`, `seed-demo`, `create-admin`, `import` verbs
{
    return;
}

app.UseExceptionHandler();                                // client errors and 500s as ProblemDetails
app.UseStatusCodePages();
app.UseUrlLengthLimit(ApiServices.MaxUrlChars);           // 414 for over-long addresses
app.UseSecurityHeaders();
app.UseResponseCompression();                             // brotli or gzip for the map's files and the JSON
app.UseDefaultFiles();                                    // the map at /
app.UseStaticFiles();
app.UseCors();
app.UseAuthentication();
app.UseRateLimiter();                                     // per user or, for the public, per address
app.UseAuthorization();
app.UseBodySizeLimit(ApiServices.MaxBodyBytes);

app.MapOpenApi();                                         // /openapi/v1.json
app.MapScalarApiReference("/api-docs");                   // interactive reference
app.MapTuoyuFeatures();                                   // /health, /api/*, /tiles/*

app.Run();

public partial class Program;
