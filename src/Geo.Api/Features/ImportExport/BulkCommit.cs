using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// The commit of a large import: every row through binary COPY into a staging table, then one set-based upsert
/// that writes the layer's rows and their audit entries (who, when, the row before and after) in one
/// statement, inside the caller's transaction, so a failure anywhere leaves nothing. The rows are the same
/// entities the layer's own <c>Create</c>/<c>Apply</c> made. 街道 and district are assigned in the same statement
/// by one spatial join over the staging table, the same rule as the per-row trigger tuoyu_assign_district (which
/// this transaction skips, see the DistrictsAssignedBySetBasedWrites migration); owned rows (an institution's 班级,
/// in a table of their own) go through a COPY of their own and replace the rows' earlier ones, as EF Core does.
/// Audit entries have the form of <see cref="Data.AuditTrail"/>'s: column names as keys, geometry as WKT, owned rows
/// under their navigation's name. Cost: one COPY stream and a few statements instead of a round trip per batch
/// of rows, the change tracker's per-row work and a PL/pgSQL call per row (measured in docs/benchmarks-import.md).
/// </summary>
internal static class BulkCommit
{
    /// <summary>From this many rows to write the commit goes this way; below, EF Core's batches are as quick.</summary>
    public const int MinRows = 1000;

    /// <summary>Set to 'on' for its own transaction by a write that assigns 街道 and district itself.</summary>
    public const string DistrictsAssignedSetting = "tuoyu.districts_assigned";

    private const int ProgressEvery = 5000;

    public static bool Supports(TuoyuDbContext db, Type entity) =>
        db.Model.FindEntityType(entity) is { } type
        && !type.GetProperties().Any(p => p.PropertyInfo?.IsDefined(typeof(AuditRedactedAttribute), false) == true)
        && type.GetNavigations().Where(n => n.TargetEntityType.IsOwned()).All(n => n.IsCollection && n.TargetEntityType.GetTableName() != type.GetTableName());

    /// <summary>The geometry of a stored row as its audit entry keeps it, read before the import changes the row.</summary>
    public static string?[] GeometryTexts<TEntity>(TuoyuDbContext db, TEntity entity) where TEntity : class =>
        GeometryProperties(db.Model.FindEntityType(typeof(TEntity))!).Select(p => Data.AuditTrail.GeometryText(p.GetGetter().GetClrValue(entity) as Geometry)).ToArray();

    /// <summary>
    /// Writes the rows (id null: create, else update that row, whose geometry before the change is
    /// <see cref="GeometryTexts"/>) and returns each row's id, in order.
    /// </summary>
    public static async Task<long[]> UpsertAsync<TEntity>(TuoyuDbContext db, IReadOnlyList<(long? Id, TEntity Entity, string?[]? BeforeGeometry)> rows,
        ImportProgress progress, CancellationToken cancellationToken) where TEntity : TrackedEntity
    {
        var type = db.Model.FindEntityType(typeof(TEntity))!;
        var table = new Table(type);
        var owned = type.GetNavigations().Where(n => n.TargetEntityType.IsOwned()).Select(n => (Navigation: n, Table: new Table(n.TargetEntityType))).ToList();
        var geometries = GeometryProperties(type);
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, entity, _) in rows)
        {
            entity.UpdatedAt = now;
            if (id is null)
            {
                entity.CreatedAt = now;
            }
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var clock = Stopwatch.StartNew();
        void Took(string step)
        {
            progress.Took(step, clock.Elapsed);
            clock.Restart();
        }

        // New rows get their ids first, so the staging rows carry their final key and every join below is by id.
        var ids = await AllocateIdsAsync(connection, table, rows, cancellationToken);
        Took("ids");

        var geometryColumns = geometries.Select(p => p.GetColumnName(table.Store)!).ToList();
        var geometryGetters = geometries.Select(p => p.GetGetter()).ToList();
        var auditColumns = geometryColumns.Select(c => Quoted(c + "__after")).Concat(geometryColumns.Select(c => Quoted(c + "__before")))
            .Concat(owned.Select(o => Quoted(o.Navigation.Name + "__after"))).ToList();
        await ExecuteAsync(connection, $"""
            CREATE TEMP TABLE import_staging ({table.Key} bigint NOT NULL,
              {string.Join(", ", table.Columns.Select((p, k) => $"{table.Names[k]} {p.GetColumnType(table.Store)}"))},
              {string.Join(", ", auditColumns.Select((c, k) => $"{c} {(k < 2 * geometryColumns.Count ? "text" : "jsonb")}"))}) ON COMMIT DROP;
            {string.Concat(owned.Select((o, k) => $"""
              CREATE TEMP TABLE import_staging_{k} (owner bigint NOT NULL,
                {string.Join(", ", o.Table.Columns.Select((p, c) => $"{o.Table.Names[c]} {p.GetColumnType(o.Table.Store)}"))}) ON COMMIT DROP;
              """))}
            """, cancellationToken);

        var importer = await connection.BeginBinaryImportAsync(
            $"COPY import_staging ({table.Key}, {string.Join(", ", table.Names.Concat(auditColumns))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        await using (importer)
        {
            for (var ordinal = 0; ordinal < rows.Count; ordinal++)
            {
                var (_, entity, before) = rows[ordinal];
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(ids[ordinal], NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken);
                await table.WriteColumnsAsync(importer, entity, cancellationToken);
                foreach (var geometry in geometryGetters)
                {
                    await WriteTextAsync(importer, Data.AuditTrail.GeometryText(geometry.GetClrValue(entity) as Geometry), cancellationToken);
                }

                for (var g = 0; g < geometries.Count; g++)
                {
                    await WriteTextAsync(importer, before?[g], cancellationToken);
                }

                foreach (var (navigation, _) in owned)
                {
                    await importer.WriteAsync(Data.AuditTrail.Json(navigation.GetGetter().GetClrValue(entity)), NpgsqlTypes.NpgsqlDbType.Jsonb, cancellationToken);
                }

                if (ordinal % ProgressEvery == ProgressEvery - 1)
                {
                    progress.Advance(ProgressEvery);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        for (var k = 0; k < owned.Count; k++)
        {
            await CopyOwnedAsync(connection, k, owned[k].Navigation, owned[k].Table, rows, ids, cancellationToken);
        }

        // The planner has no statistics of a temporary table: with them it joins the staging rows by hash. Only the key
        // is joined on; PostGIS's statistics of the geometry columns were most of a full ANALYZE.
        await ExecuteAsync(connection, $"ANALYZE import_staging ({table.Key})", cancellationToken);
        Took("copy");

        await using (var upsert = new NpgsqlCommand(UpsertSql(table, owned.Select(o => o.Navigation.Name).ToList(), rows.Any(r => r.Id is not null)), connection))
        {
            upsert.Parameters.AddWithValue("now", now);
            upsert.Parameters.AddWithValue("actor", db.AuditActor);
            upsert.Parameters.AddWithValue("table", table.Name);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        Took("upsert and audit");
        for (var k = 0; k < owned.Count; k++)
        {
            var (_, ownedTable) = owned[k];
            await ExecuteAsync(connection, $"""
                DELETE FROM {Quoted(ownedTable.Name)} o USING import_staging s WHERE o.{ownedTable.Owner} = s.{table.Key};
                INSERT INTO {Quoted(ownedTable.Name)} ({ownedTable.Owner}, {string.Join(", ", ownedTable.Names)})
                  SELECT owner, {string.Join(", ", ownedTable.Names)} FROM import_staging_{k};
                DROP TABLE import_staging_{k};
                """, cancellationToken);
            Took(ownedTable.Name);
        }

        progress.Advance(rows.Count % ProgressEvery);
        await ExecuteAsync(connection, "DROP TABLE import_staging", cancellationToken);
        return ids;
    }

    private static async Task<long[]> AllocateIdsAsync<TEntity>(NpgsqlConnection connection, Table table, IReadOnlyList<(long? Id, TEntity Entity, string?[]? BeforeGeometry)> rows,
        CancellationToken cancellationToken)
    {
        var ids = new long[rows.Count];
        await using var command = new NpgsqlCommand(
            // The sequence is looked up once: as nextval's argument, text naming it was resolved again for every id.
            $"SELECT nextval(q.sequence) FROM (SELECT pg_get_serial_sequence(@table, @key)::regclass AS sequence) q, generate_series(1, @count)", connection);
        command.Parameters.AddWithValue("table", table.Name);
        command.Parameters.AddWithValue("key", table.KeyColumn);
        command.Parameters.AddWithValue("count", rows.Count(r => r.Id is null));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        for (var k = 0; k < rows.Count; k++)
        {
            if (rows[k].Id is { } existing)
            {
                ids[k] = existing;
            }
            else
            {
                await reader.ReadAsync(cancellationToken);
                ids[k] = reader.GetInt64(0);
            }
        }

        return ids;
    }

    private static async Task CopyOwnedAsync<TEntity>(NpgsqlConnection connection, int k, INavigation navigation, Table ownedTable,
        IReadOnlyList<(long? Id, TEntity Entity, string?[]? BeforeGeometry)> rows, long[] ids, CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync(
            $"COPY import_staging_{k} (owner, {string.Join(", ", ownedTable.Names)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        await using (importer)
        {
            for (var r = 0; r < rows.Count; r++)
            {
                foreach (var item in (System.Collections.IEnumerable?)navigation.GetGetter().GetClrValue(rows[r].Entity!) ?? Array.Empty<object>())
                {
                    await importer.StartRowAsync(cancellationToken);
                    await importer.WriteAsync(ids[r], NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken);
                    await ownedTable.WriteColumnsAsync(importer, item, cancellationToken);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The rows and their audit entries in one statement (the before-images are read in the statement's own
    /// snapshot, before the write), with 街道 and district assigned as tuoyu_assign_district would: the first 街道
    /// (by code) whose boundary covers the row's point; else, on an update, the 街道 the row already names while
    /// that 街道 has no boundary; else only the first covering district. The point is the one the database keeps:
    /// for a layer with boundaries, the point on the surface that a_derive_polygon derives.
    /// </summary>
    private static string UpsertSql(Table table, List<string> ownedNavigations, bool updates)
    {
        var point = table.HasColumn("boundary") ? "COALESCE(ST_PointOnSurface(s.boundary), s.location)" : "s.location";
        var assigns = table.HasColumn("subdistrict_code") && table.HasColumn("district_code") && table.HasColumn("location");
        var names = string.Join(", ", table.Names);
        var updated = string.Join(", ", table.Columns.Where(p => p.Name != nameof(TrackedEntity.CreatedAt))
            .Select(p => Quoted(p.GetColumnName(table.Store)!)).Concat(assigns ? ["subdistrict_code", "district_code"] : [])
            .Select(c => $"{c} = EXCLUDED.{c}"));
        var version = table.HasColumn("xmin") ? ", t.xmin::text::bigint AS row_version" : "";
        // Only rows being updated have a before-image and can keep a declared 街道; a file of new rows (fresh ids from
        // the sequence) needs neither the join to the stored rows nor ON CONFLICT's check of the key before each insert.
        var declared = updates
            ? $"""
              LEFT JOIN before b USING ({table.Key})
              LEFT JOIN LATERAL (SELECT d.code, d.parent_code FROM districts d
                                  WHERE covering.level IS DISTINCT FROM 'subdistrict' AND d.code = b.subdistrict_code AND d.level = 'subdistrict' AND d.boundary IS NULL) declared ON true
              """
            : "LEFT JOIN LATERAL (SELECT NULL::text AS code, NULL::text AS parent_code) declared ON true";
        // One index probe per row for the first covering 街道, else the first covering district: subdistrict sorts before district.
        var districts = $"""
            LEFT JOIN LATERAL (SELECT d.code, d.parent_code, d.level FROM districts d
                                WHERE d.level IN ('subdistrict', 'district') AND ST_Covers(d.boundary, {point})
                                ORDER BY d.level <> 'subdistrict', d.code LIMIT 1) covering ON true
            {declared}
            """;
        // JIT compiling this statement was measured at 4 s of its 27 s on a loaded machine, for a plan that runs once;
        // with the default work_mem the hash of 100,000 staging rows spilled to disk in four batches.
        return $"""
            SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true);
            {(assigns ? $"SELECT set_config('{DistrictsAssignedSetting}', 'on', true);" : "")}
            WITH before AS MATERIALIZED (
              SELECT t.*{version} FROM {Quoted(table.Name)} t JOIN import_staging s USING ({table.Key}) WHERE {(updates ? "true" : "false")}
            ), written AS (
              INSERT INTO {Quoted(table.Name)} AS t ({table.Key}, {names}{(assigns ? ", subdistrict_code, district_code" : "")})
              SELECT s.{table.Key}, {string.Join(", ", table.Names.Select(n => "s." + n))}
                     {(assigns ? """
                        , CASE WHEN covering.level = 'subdistrict' THEN covering.code ELSE declared.code END,
                          CASE WHEN covering.level = 'subdistrict' THEN covering.parent_code WHEN declared.code IS NOT NULL THEN declared.parent_code ELSE covering.code END
                        """ : "")}
                FROM import_staging s
                {(assigns ? districts : "")}
              {(updates ? $"ON CONFLICT ({table.Key}) DO UPDATE SET {updated}" : "")}
              RETURNING t.*{version}, (t.xmax = 0) AS inserted
            )
            INSERT INTO audit_entries (at, actor, action, entity, entity_id, before, after)
            SELECT @now, @actor, CASE WHEN w.inserted THEN 'created' ELSE 'updated' END, @table, w.{table.Key}::text,
                   CASE WHEN b.{table.Key} IS NULL THEN NULL ELSE {table.Image("b", "__before", [])} END,
                   {table.Image("w", "__after", ownedNavigations)}
              FROM written w JOIN import_staging s ON s.{table.Key} = w.{table.Key} LEFT JOIN before b ON b.{table.Key} = w.{table.Key};
            {(assigns ? $"SELECT set_config('{DistrictsAssignedSetting}', 'off', true);" : "")}
            """;
    }

    private static List<IProperty> GeometryProperties(IEntityType type) =>
        type.GetProperties().Where(p => typeof(Geometry).IsAssignableFrom(p.ClrType)).ToList();

    /// <summary>A table as the bulk path writes it: what EF would write, not the key, nor what the database derives on every write (area, xmin, 街道).</summary>
    private sealed class Table
    {
        public Table(IEntityType type)
        {
            Name = type.GetTableName()!;
            Store = StoreObjectIdentifier.Table(Name, type.GetSchema());
            var key = type.FindPrimaryKey()!.Properties.Single();
            KeyColumn = key.GetColumnName(Store)!;
            Key = Quoted(KeyColumn);
            var ownerKey = type.FindOwnership()?.Properties.Single();
            Owner = ownerKey is null ? "" : Quoted(ownerKey.GetColumnName(Store)!);
            Columns = type.GetProperties()
                .Where(p => p != key && p != ownerKey && p.ValueGenerated != ValueGenerated.OnAddOrUpdate && !p.IsConcurrencyToken && p.GetColumnName(Store) is not null)
                .ToList();
            Names = Columns.Select(p => Quoted(p.GetColumnName(Store)!)).ToList();
            _all = type.GetProperties().Select(p => p.GetColumnName(Store)).OfType<string>().ToHashSet(StringComparer.Ordinal);
            _geometries = Columns.Where(p => typeof(Geometry).IsAssignableFrom(p.ClrType)).Select(p => p.GetColumnName(Store)!).ToHashSet(StringComparer.Ordinal);
        }

        private readonly HashSet<string> _all;
        private readonly HashSet<string> _geometries;

        public string Name { get; }
        public StoreObjectIdentifier Store { get; }
        public string KeyColumn { get; }
        public string Key { get; }
        /// <summary>The column naming the owner, for an owned type's table.</summary>
        public string Owner { get; }
        public List<IProperty> Columns { get; }
        public List<string> Names { get; }

        /// <summary>
        /// A row as its audit entry keeps it, the form of <see cref="Data.AuditTrail"/>: every column by name, geometry
        /// as the WKT staged beside the row (<paramref name="suffix"/>), xmin as a number, owned rows under their
        /// navigation's name. Built column by column: to_jsonb of a row renders its geometry as GeoJSON, which
        /// was measured at most of the statement's time (docs/benchmarks-import.md).
        /// </summary>
        public string Image(string alias, string suffix, IReadOnlyList<string> ownedNavigations)
        {
            var pairs = _all.Order(StringComparer.Ordinal).Select(c => $"'{c}', " + (
                    _geometries.Contains(c) ? $"s.{Quoted(c + suffix)}" : c == "xmin" ? $"{alias}.row_version" : $"{alias}.{Quoted(c)}"))
                .Concat(ownedNavigations.Select(n => $"'{n}', s.{Quoted(n + suffix)}"))
                .ToList();
            // jsonb_build_object takes at most 100 arguments.
            return string.Join(" || ", pairs.Chunk(40).Select(chunk => $"jsonb_build_object({string.Join(", ", chunk)})"));
        }

        /// <summary>Whether the table has the column, written by the bulk path or derived.</summary>
        public bool HasColumn(string column) => _all.Contains(column);

        // Looked up once per table, not once per value: a COPY of 100,000 rows writes millions of values.
        private List<(IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter,
            Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Element, string DataType)>? _writers;

        public async Task WriteColumnsAsync(NpgsqlBinaryImporter importer, object entity, CancellationToken cancellationToken)
        {
            _writers ??= Columns.Select(p => (p.GetGetter(), p.GetTypeMapping().Converter, p.GetElementType()?.GetTypeMapping().Converter, BaseType(p.GetColumnType(Store)))).ToList();
            foreach (var (getter, converter, element, dataType) in _writers)
            {
                var value = getter.GetClrValue(entity);
                if (value is not null && converter is not null)
                {
                    value = converter.ConvertToProvider(value);
                }
                else if (value is System.Collections.IEnumerable items and not string && element is not null)
                {
                    value = items.Cast<object>().Select(i => (string?)element.ConvertToProvider(i)).ToArray();
                }

                await (value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, dataType, cancellationToken));
            }
        }
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter importer, string? text, CancellationToken cancellationToken) =>
        text is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(text, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);

    /// <summary>The type name COPY writes a value as: geometry(Point,4326) → geometry.</summary>
    private static string BaseType(string columnType) => columnType.IndexOf('(', StringComparison.Ordinal) is var open and > 0 ? columnType[..open] : columnType;

    private static string Quoted(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
