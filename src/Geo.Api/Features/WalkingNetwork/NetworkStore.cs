using System.Data;
using Geo.Analysis.Network;
using Geo.Analysis.Spatial;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace Geo.Api.Features.WalkingNetwork;

/// <summary>
/// A district's walking network in PostGIS: replaced whole by an import (one transaction, the version one
/// higher), and read back as a <see cref="WalkingGraph"/>. Nodes and edges are written with binary COPY,
/// since a city has hundreds of thousands; the network's summary row goes through EF Core, so the import is
/// in the audit log.
/// </summary>
public static class NetworkStore
{
    public static async Task<StreetNetwork> ReplaceAsync(TuoyuDbContext db, string districtCode, BuiltNetwork network,
        NetworkSourceData source, string fileName, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var summary = await db.StreetNetworks.SingleOrDefaultAsync(n => n.DistrictCode == districtCode, cancellationToken);
        if (summary is null)
        {
            summary = new StreetNetwork { DistrictCode = districtCode, DataSource = "", Format = "" };
            db.StreetNetworks.Add(summary);
        }

        summary.Version++;
        summary.DataSource = $"import: {fileName}";
        summary.Format = source.Format;
        summary.SourceCrs = source.SourceCrs;
        summary.NodeCount = network.Nodes.Count;
        summary.EdgeCount = network.Edges.Count;
        summary.TotalLengthM = network.TotalLengthMetres;
        summary.ImportedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(cancellationToken);

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await ExecuteAsync(connection, "DELETE FROM street_edges WHERE district_code = @d; DELETE FROM street_nodes WHERE district_code = @d;", districtCode, cancellationToken);
        await ExecuteAsync(connection, """
            CREATE TEMP TABLE street_nodes_in (id bigint, source_key bigint, lon double precision, lat double precision) ON COMMIT DROP;
            CREATE TEMP TABLE street_edges_in (id bigint, source bigint, target bigint, length_m double precision, kind text, source_way_id bigint, wkb bytea) ON COMMIT DROP;
            """, districtCode, cancellationToken);

        await using (var nodes = await connection.BeginBinaryImportAsync("COPY street_nodes_in FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < network.Nodes.Count; i++)
            {
                var node = network.Nodes[i];
                await nodes.WriteRowAsync(cancellationToken, (long)i + 1, node.Key, node.Location.X, node.Location.Y);
            }

            await nodes.CompleteAsync(cancellationToken);
        }

        var wkb = new WKBWriter(ByteOrder.LittleEndian, false, false, false);
        await using (var edges = await connection.BeginBinaryImportAsync("COPY street_edges_in FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var e = 0; e < network.Edges.Count; e++)
            {
                var edge = network.Edges[e];
                await edges.StartRowAsync(cancellationToken);
                await edges.WriteAsync((long)e + 1, NpgsqlDbType.Bigint, cancellationToken);
                await edges.WriteAsync((long)edge.From + 1, NpgsqlDbType.Bigint, cancellationToken);
                await edges.WriteAsync((long)edge.To + 1, NpgsqlDbType.Bigint, cancellationToken);
                await edges.WriteAsync(edge.LengthMetres, NpgsqlDbType.Double, cancellationToken);
                await edges.WriteAsync(edge.Kind, NpgsqlDbType.Text, cancellationToken);
                await edges.WriteAsync(edge.SourceId, NpgsqlDbType.Bigint, cancellationToken);
                await edges.WriteAsync(wkb.Write(Wgs84.Factory.CreateLineString(edge.Coordinates)), NpgsqlDbType.Bytea, cancellationToken);
            }

            await edges.CompleteAsync(cancellationToken);
        }

        await ExecuteAsync(connection, """
            INSERT INTO street_nodes (district_code, id, source_key, location)
              SELECT @d, id, source_key, ST_SetSRID(ST_MakePoint(lon, lat), 4326) FROM street_nodes_in;
            INSERT INTO street_edges (district_code, id, source, target, length_m, kind, source_way_id, geometry)
              SELECT @d, id, source, target, length_m, kind, source_way_id, ST_GeomFromWKB(wkb, 4326) FROM street_edges_in;
            """, districtCode, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return summary;
    }

    /// <summary>The district's network as a graph: node i of the graph is stored node i + 1, edge e is stored edge e + 1.</summary>
    public static async Task<WalkingGraph?> LoadGraphAsync(TuoyuDbContext db, string districtCode, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            var nodes = new List<Coordinate>();
            await using (var command = new NpgsqlCommand("SELECT ST_X(location), ST_Y(location) FROM street_nodes WHERE district_code = @d ORDER BY id", connection))
            {
                command.Parameters.AddWithValue("d", districtCode);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    nodes.Add(new Coordinate(reader.GetDouble(0), reader.GetDouble(1)));
                }
            }

            if (nodes.Count == 0)
            {
                return null;
            }

            var edges = new List<WalkingEdge>();
            var wkb = new WKBReader(Wgs84.Factory.GeometryServices);
            await using (var command = new NpgsqlCommand("""
                SELECT source, target, length_m, CASE WHEN ST_NPoints(geometry) > 2 THEN ST_AsBinary(geometry) END
                FROM street_edges WHERE district_code = @d ORDER BY id
                """, connection))
            {
                command.Parameters.AddWithValue("d", districtCode);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var shape = reader.IsDBNull(3) ? null : wkb.Read((byte[])reader[3]).Coordinates[1..^1];
                    edges.Add(new WalkingEdge((int)reader.GetInt64(0) - 1, (int)reader.GetInt64(1) - 1, reader.GetDouble(2), shape));
                }
            }

            return new WalkingGraph(nodes, edges);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, string districtCode, CancellationToken cancellationToken)
    {
        // A city's network is hundreds of thousands of rows: Npgsql's 30 s default would end a valid import (the
        // server's statement_timeout still bounds each statement).
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        if (sql.Contains("@d", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("d", districtCode);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
