using Npgsql;
using NpgsqlTypes;
using Geo.Analysis.Spatial;

namespace Geo.Api.Features.Analysis;

/// <summary>
/// The coverage analyses' two large reads — residential areas and institutions of a district or a whole city — as
/// one Npgsql statement each, read row by row from the binary protocol, instead of through EF Core's materialiser.
/// A city is 190,000 areas in the synthetic province: there the per-row cost is what the request waits for, so only
/// the columns used are read, a point as its two ordinates (no WKB to parse) and an enum word through <see cref="Words"/>' lookup, not a converter.
/// Results are the rows EF Core's projection gave, in the same (id) order.
/// </summary>
internal static class AnalysisRows
{
    /// <summary>The unit an analysis totals by: a district's 街道, or a city's districts.</summary>
    public enum Unit
    {
        Subdistrict,
        District,
    }

    /// <param name="shares">Each district's share of children under 3 (a city's run); null: the analysed district's, given later.</param>
    public static async Task<List<AreaRow>> AreasAsync(TuoyuDbContext db, string[] districts, Unit unit, bool withBoundary,
        IReadOnlyDictionary<string, double>? shares, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT id, name, ST_X(location), ST_Y(location), population, kind, {UnitColumn(unit)}{(withBoundary ? ", boundary" : "")}
            FROM residential_areas WHERE district_code = ANY(@districts)
            """;
        return await ReadAsync(db, sql, districts, a => a.Id, reader =>
        {
            var code = reader.IsDBNull(6) ? null : reader.GetString(6);
            return new AreaRow(
                reader.GetInt64(0),
                reader.GetString(1),
                Wgs84.Point(reader.GetDouble(2), reader.GetDouble(3)),
                withBoundary && !reader.IsDBNull(7) ? reader.GetFieldValue<MultiPolygon>(7) : null,
                reader.GetInt32(4),
                Words.Parse<ResidentialKind>(reader.GetString(5)),
                code,
                shares is null ? null : shares[code!]);
        }, cancellationToken);
    }

    public static Task<List<InstitutionRow>> InstitutionsAsync(TuoyuDbContext db, string[] districts, Unit unit, CancellationToken cancellationToken) =>
        ReadAsync(db, $"""
            SELECT id, ST_X(location), ST_Y(location), approved_slots, status, filing_status, is_puhui, is_demonstration, is_standardised,
                   {UnitColumn(unit)}
            FROM institutions WHERE district_code = ANY(@districts)
            """, districts, i => i.Id, reader => new InstitutionRow(
                reader.GetInt64(0),
                Wgs84.Point(reader.GetDouble(1), reader.GetDouble(2)),
                reader.GetInt32(3),
                Words.Parse<InstitutionStatus>(reader.GetString(4)),
                Words.Parse<FilingStatus>(reader.GetString(5)),
                reader.GetBoolean(6),
                reader.GetBoolean(7),
                reader.GetBoolean(8),
                reader.IsDBNull(9) ? null : reader.GetString(9)), cancellationToken);

    private static string UnitColumn(Unit unit) => unit == Unit.District ? "district_code" : "subdistrict_code";

    /// <summary>
    /// Reads on the context's own connection (its pool, timeout and type mappings, NetTopologySuite's among them), then
    /// orders by id here: a city's rows sorted by the server spill its 4 MB work_mem to disk, at twice the scan's time.
    /// </summary>
    private static async Task<List<T>> ReadAsync<T>(TuoyuDbContext db, string sql, string[] districts, Func<T, long> id, Func<NpgsqlDataReader, T> row,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter<string[]>("districts", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = districts });
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(row(reader));
            }

            rows.Sort((a, b) => id(a).CompareTo(id(b)));
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
