using Scalar.AspNetCore;
using Geo.Api.Data;
using Geo.Api.Features;
using Geo.Api.Features.ImportExport;
using Geo.Api.Infrastructure;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"), // web/ is copied there on build
});

builder.Services.AddTuoyuDatabase(builder.Configuration); // PostGIS through EF Core + NetTopologySuite
builder.Services.AddTuoyuApi();                           // JSON, ProblemDetails, OpenAPI
builder.Services.AddTuoyuFeatures();                      // layers, analysis

var app = builder.Build();

if (await app.TryRunAsync(args) || await app.TryRunImportAsync(args)) // `migrate`, `seed-demo`, `import` verbs, then exit
{
    return;
}

app.UseExceptionHandler();                                // client errors and 500s as ProblemDetails
app.UseStatusCodePages();
app.UseDefaultFiles();                                    // the map at /
app.UseStaticFiles();

app.MapOpenApi();                                         // /openapi/v1.json
app.MapScalarApiReference("/api-docs");                   // interactive reference
app.MapTuoyuFeatures();                                   // /health, /api/*, /tiles/*

app.Run();

public partial class Program;
