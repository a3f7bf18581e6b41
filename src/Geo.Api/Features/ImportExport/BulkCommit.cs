using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// The commit of a large import: every row through binary COPY into a staging table, then one set-based upsert
/// that writes the layer's rows and their audit entries (who, when, the row before and after) in one
/// statement, inside the caller's transaction, so a failure anywhere leaves nothing. The rows are the same
/// entities the layer's own <c>Create</c>/<c>Apply</c> made, and the database's triggers derive 街道 and
/// district as for any insert. Cost: one COPY stream and one statement instead of a round trip per batch of
/// rows and the change tracker's per-row work (measured in docs/benchmarks-import.md).
/// Tables with owned rows (an institution's 班级, in a table of their own) keep the EF Core path.
/// </summary>
internal static class BulkCommit
{
    /// <summary>From this many rows to write the commit goes this way; below, EF Core's batches are as quick.</summary>
    public const int MinRows = 1000;

    public static bool Supports(TuoyuDbContext db, Type entity) =>
        db.Model.FindEntityType(entity) is { } type && !type.GetNavigations().Any(n => n.TargetEntityType.IsOwned());

    /// <summary>Writes the rows (id null: create, else update that row) and returns each row's id, in order.</summary>
    public static async Task<long[]> UpsertAsync<TEntity>(TuoyuDbContext db, IReadOnlyList<(long? Id, TEntity Entity)> rows, ImportProgress progress,
        CancellationToken cancellationToken) where TEntity : TrackedEntity
    {
        var type = db.Model.FindEntityType(typeof(TEntity))!;
        var table = type.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, type.GetSchema());
        var key = type.FindPrimaryKey()!.Properties.Single();
        // What EF would write: not the key, nor what the database derives on every write (area, xmin).
        var columns = type.GetProperties()
            .Where(p => p != key && p.ValueGenerated != ValueGenerated.OnAddOrUpdate && !p.IsConcurrencyToken && p.GetColumnName(store) is not null)
            .ToList();
        var names = columns.Select(p => Quoted(p.GetColumnName(store)!)).ToList();
        var keyName = Quoted(key.GetColumnName(store)!);
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, entity) in rows)
        {
            entity.UpdatedAt = now;
            if (id is null)
            {
                entity.CreatedAt = now;
            }
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await ExecuteAsync(connection, $"""
            CREATE TEMP TABLE import_staging (ordinal integer PRIMARY KEY, {keyName} bigint,
              {string.Join(", ", columns.Select((p, k) => $"{names[k]} {p.GetColumnType(store)}"))}) ON COMMIT DROP
            """, cancellationToken);

        var importer = await connection.BeginBinaryImportAsync(
            $"COPY import_staging (ordinal, {keyName}, {string.Join(", ", names)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        await using (importer)
        {
            for (var ordinal = 0; ordinal < rows.Count; ordinal++)
            {
                var (id, entity) = rows[ordinal];
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(ordinal, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
                await (id is { } existing ? importer.WriteAsync(existing, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken) : importer.WriteNullAsync(cancellationToken));
                foreach (var property in columns)
                {
                    var value = property.GetGetter().GetClrValue(entity);
                    if (value is not null && property.GetTypeMapping().Converter is { } converter)
                    {
                        value = converter.ConvertToProvider(value);
                    }
                    else if (value is System.Collections.IEnumerable items and not string && property.GetElementType()?.GetTypeMapping().Converter is { } element)
                    {
                        value = items.Cast<object>().Select(i => (string?)element.ConvertToProvider(i)).ToArray();
                    }

                    await (value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, BaseType(property.GetColumnType(store)), cancellationToken));
                }

                if (ordinal % 5000 == 4999)
                {
                    progress.Advance(5000);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        // New rows get their ids first, so the upsert is keyed by id alone and the ids can be read back by ordinal.
        var sequence = $"pg_get_serial_sequence('{table}', '{key.GetColumnName(store)}')";
        var updates = string.Join(", ", columns.Where(p => p.Name != nameof(TrackedEntity.CreatedAt)).Select(p => $"{Quoted(p.GetColumnName(store)!)} = EXCLUDED.{Quoted(p.GetColumnName(store)!)}"));
        await using var upsert = new NpgsqlCommand($"""
            UPDATE import_staging SET {keyName} = nextval({sequence}) WHERE {keyName} IS NULL;
            WITH before AS (
              SELECT t.* FROM {Quoted(table)} t JOIN import_staging s USING ({keyName})
            ), written AS (
              INSERT INTO {Quoted(table)} AS t ({keyName}, {string.Join(", ", names)})
              SELECT {keyName}, {string.Join(", ", names)} FROM import_staging ORDER BY ordinal
              ON CONFLICT ({keyName}) DO UPDATE SET {updates}
              RETURNING t.*, (t.xmax = 0) AS inserted
            )
            INSERT INTO audit_entries (at, actor, action, entity, entity_id, before, after)
            SELECT @now, @actor, CASE WHEN w.inserted THEN 'created' ELSE 'updated' END, @table, w.{keyName}::text,
                   (SELECT to_jsonb(b) FROM before b WHERE b.{keyName} = w.{keyName}), to_jsonb(w) - 'inserted'
              FROM written w;
            SELECT {keyName} FROM import_staging ORDER BY ordinal;
            """, connection);
        upsert.Parameters.AddWithValue("now", now);
        upsert.Parameters.AddWithValue("actor", db.AuditActor);
        upsert.Parameters.AddWithValue("table", table);
        var ids = new long[rows.Count];
        await using (var reader = await upsert.ExecuteReaderAsync(cancellationToken))
        {
            for (var k = 0; await reader.ReadAsync(cancellationToken); k++)
            {
                ids[k] = reader.GetInt64(0);
            }
        }

        progress.Advance(rows.Count % 5000);
        await ExecuteAsync(connection, "DROP TABLE import_staging", cancellationToken);
        return ids;
    }

    /// <summary>The type name COPY writes a value as: geometry(Point,4326) → geometry.</summary>
    private static string BaseType(string columnType) => columnType.IndexOf('(', StringComparison.Ordinal) is var open and > 0 ? columnType[..open] : columnType;

    private static string Quoted(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
