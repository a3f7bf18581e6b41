using System.IO.Pipelines;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Geo.Analysis.Coverage;

namespace Geo.Api.Features.Analysis;

/// <summary>
/// The coverage answer written straight to the body: a city's is 190,000 features and 85 MB in the synthetic province.
/// The features are written field by field as they are built from the run (<see cref="CoverageReport.Build(CoverageRun)"/>
/// keeps none in a list) and the body is flushed every <see cref="FlushBytes"/>, so neither the features nor the
/// serialised text are ever held whole; everything else goes through System.Text.Json as before. The bytes are those
/// System.Text.Json writes for <see cref="CoverageResponse"/> with the service's options (CoverageBodyTests), and
/// OpenAPI is told that record.
/// </summary>
internal sealed class CoverageBody(CoverageResponse response) : IResult, IEndpointMetadataProvider
{
    private const int FlushBytes = 64 * 1024;

    public CoverageResponse Response => response;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var json = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await WriteAsync(httpContext.Response.BodyWriter, json, httpContext.RequestAborted);
    }

    public async Task WriteAsync(PipeWriter body, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = json.Encoder, Indented = json.WriteIndented });
        writer.WriteStartObject();
        Property(writer, "parameters", response.Parameters, json);
        writer.WriteStartObject("areas");
        writer.WriteString("type", response.Areas.Type);
        writer.WriteStartArray("features");
        foreach (var feature in response.Areas.Features)
        {
            Feature(writer, feature, json);
            if (writer.BytesPending >= FlushBytes)
            {
                writer.Flush();
                await body.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        Property(writer, "subdistricts", response.Subdistricts, json);
        Property(writer, "district", response.District, json);
        Property(writer, "population", response.Population, json);
        if (response.FiledOnly is { } filedOnly)
        {
            Property(writer, "filed_only", filedOnly, json);
        }

        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    private static void Property<T>(Utf8JsonWriter writer, string name, T value, JsonSerializerOptions json)
    {
        writer.WritePropertyName(name);
        JsonSerializer.Serialize(writer, value, json);
    }

    private static void Feature(Utf8JsonWriter writer, GeoFeature<AreaFigures> feature, JsonSerializerOptions json)
    {
        writer.WriteStartObject();
        writer.WriteString("type", feature.Type);
        writer.WriteNumber("id", (long)feature.Id);
        writer.WritePropertyName("geometry");
        if (feature.Geometry is Point point)
        {
            GeoJsonWriting.Point(writer, point.X, point.Y);
        }
        else
        {
            JsonSerializer.Serialize(writer, feature.Geometry, json);
        }

        var a = feature.Properties;
        writer.WriteStartObject("properties");
        writer.WriteString("name", a.Name);
        writer.WriteNumber("population", a.Population);
        Number(writer, "listed_population", a.ListedPopulation);
        writer.WriteString("kind", Data.Entities.Words.Of(a.Kind));
        if (a.SubdistrictCode is null)
        {
            writer.WriteNull("subdistrict_code");
        }
        else
        {
            writer.WriteString("subdistrict_code", a.SubdistrictCode);
        }

        writer.WriteNumber("children_under3", a.ChildrenUnder3);
        writer.WriteNumber("required_slots", a.RequiredSlots);
        writer.WriteNumber("accessible_slots", a.AccessibleSlots);
        writer.WriteNumber("accessible_per_thousand", a.AccessiblePerThousand);
        writer.WriteNumber("standard_per_thousand", a.StandardPerThousand);
        writer.WriteNumber("gap", a.Gap);
        writer.WriteString("class", Data.Entities.Words.Of(a.Class));
        writer.WriteNumber("institutions_in_reach", a.InstitutionsInReach);
        Number(writer, "nearest_m", a.NearestM);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(CoverageResponse), ["application/json"]));
}
