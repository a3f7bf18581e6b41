using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Geo.Analysis.Network;
using Geo.Api.Features.Analysis;
using Geo.Api.Features.Institutions;

namespace Geo.Api.Features.Nearby;

/// <summary>One institution near the point: where it is, how far, and its properties as the database wrote them in JSON.</summary>
internal readonly record struct NearbyRow(long Id, double Lon, double Lat, double Metres, string? NetworkDistrict, string Details);

/// <summary>
/// The public's most frequent request in one prepared statement, without an EF Core context: PostgreSQL finds the
/// nearest institutions, looks up the district with a walking network once (an InitPlan), orders by the spheroid
/// figure shown and writes each institution's properties as JSON (row_to_json: compact, in the record's order). The
/// profile showed the rest of a request in building the context, EF Core materialising all 40 columns and the classes,
/// then System.Text.Json writing 33 properties a feature; here the service copies each row's JSON into the answer.
/// The JSON is the layer's own (InstitutionLayer.ToOutput, then ForCaller): the same fields in the same order, words
/// and values, checked against /api/institutions/{id} by the tests. Only escapes may differ: PostgreSQL leaves
/// characters that System.Text.Json writes as \u escapes (e.g. emoji) as they are.
/// </summary>
internal static class NearbyInstitutionsStatement
{
    private static readonly string Operating = Words.Of(PublicInstitutions.Status), Filed = Words.Of(PublicInstitutions.Filing);

    // $1 lon, $2 lat, $3 metres, $4 limit, $5 whether the caller sees all fields (PublicInstitutions.SeesAll).
    private static readonly string Sql = $"""
        SELECT i.id, ST_X(i.location), ST_Y(i.location), tuoyu_distance_metres(i.location, ST_SetSRID(ST_MakePoint($1, $2), 4326)) AS metres,
               (SELECT d.code FROM districts AS d
                 WHERE d.level = '{Words.Of(DistrictLevel.District)}' AND d.boundary IS NOT NULL AND ST_Contains(d.boundary, ST_SetSRID(ST_MakePoint($1, $2), 4326))
                   AND EXISTS (SELECT 1 FROM street_networks AS s WHERE s.district_code = d.code) LIMIT 1),
               (SELECT row_to_json(d)::text FROM (SELECT i.vacancies, i.subdistrict_code, i.district_code, i.data_source,
                       CASE WHEN $5 THEN i.source_crs ELSE '' END AS source_crs,
                       (to_json(i.updated_at AT TIME ZONE 'UTC') #>> '{"{}"}') || '+00:00' AS updated_at,
                       CASE WHEN $5 THEN i.row_version ELSE 0 END AS version,
                       i.name, CASE WHEN $5 THEN i.credit_code END AS credit_code, i.address, i.nature, i.operator_type, i.service_types,
                       coalesce((SELECT array_to_json(array_agg(c)) FROM (SELECT c.type, c.count, c.children FROM institution_classes AS c
                                  WHERE c.institution_id = i.id ORDER BY c.id) AS c), '[]'::json) AS classes,
                       i.approved_slots, i.enrolled_slots, i.is_puhui, i.is_demonstration, i.is_standardised, i.filing_status,
                       i.filed_on, i.opened_on, i.closed_on, i.demonstration_on, i.standardised_on, i.puhui_on, i.quality_grade,
                       trim_scale(i.monthly_fee_min) AS monthly_fee_min, trim_scale(i.monthly_fee_max) AS monthly_fee_max,
                       i.phone, i.opening_hours, i.floor, i.status) AS d)
          FROM (SELECT i.*, i.xmin::text::bigint AS row_version FROM institutions AS i
                 WHERE i.status = '{Operating}' AND i.filing_status = '{Filed}'
                   AND tuoyu_within_metres(i.location, ST_SetSRID(ST_MakePoint($1, $2), 4326), $3)
                 ORDER BY tuoyu_knn_metres(i.location, ST_SetSRID(ST_MakePoint($1, $2), 4326)) LIMIT $4) AS i
         ORDER BY metres, i.id
        """;

    // Run on ReadOnlyStatements' pool (no connection reset). Npgsql prepares it after its second use (the service's
    // auto-prepare), as pgbench -M prepared does.
    public static async Task<List<NearbyRow>> ReadAsync(NpgsqlDataSource dataSource, double lon, double lat, double maxDistance, int limit, bool seesAll,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter<double> { NpgsqlDbType = NpgsqlDbType.Double, TypedValue = lon });
        command.Parameters.Add(new NpgsqlParameter<double> { NpgsqlDbType = NpgsqlDbType.Double, TypedValue = lat });
        command.Parameters.Add(new NpgsqlParameter<double> { NpgsqlDbType = NpgsqlDbType.Double, TypedValue = maxDistance });
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = limit });
        command.Parameters.Add(new NpgsqlParameter<bool> { NpgsqlDbType = NpgsqlDbType.Boolean, TypedValue = seesAll });
        var rows = new List<NearbyRow>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new NearbyRow(reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5)));
        }

        return rows;
    }
}

/// <summary>
/// The FeatureCollection of <see cref="GeoFeatureCollection{TProperties}"/> with <see cref="NearbyProperties{TProperties}"/>,
/// written straight to the body: envelope, geometry and figures as System.Text.Json writes them, the properties as the
/// database built them. Declared to OpenAPI as that record, which it is on the wire.
/// </summary>
internal sealed class NearbyInstitutionsResult(List<NearbyRow> rows, IReadOnlyDictionary<long, double> walks, double walkingSpeed) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var json = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = json.Encoder, SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteStartArray("features");
        foreach (var row in rows)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            writer.WriteNumber("id", row.Id);
            writer.WritePropertyName("geometry");
            GeoJsonWriting.Point(writer, row.Lon, row.Lat);
            writer.WriteStartObject("properties");
            writer.WriteNumber("distance_m", Math.Round(row.Metres, 1));
            writer.WritePropertyName("details");
            writer.WriteRawValue(row.Details, skipInputValidation: true);
            if (walks.TryGetValue(row.Id, out var walk))
            {
                writer.WriteNumber("walking_m", Math.Round(walk, 1));
                writer.WriteNumber("walking_minutes", WalkingSpeeds.Minutes(walk, walkingSpeed));
                writer.WriteNumber("walking_speed_mps", walkingSpeed);
            }
            else
            {
                writer.WriteNull("walking_m");
                writer.WriteNull("walking_minutes");
                writer.WriteNull("walking_speed_mps");
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("total", rows.Count);
        writer.WriteNumber("page", 1);
        writer.WriteNumber("page_size", Math.Max(1, rows.Count));
        writer.WriteBoolean("has_more", false);
        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK,
            typeof(GeoFeatureCollection<NearbyProperties<InstitutionProperties>>), ["application/json"]));
}
