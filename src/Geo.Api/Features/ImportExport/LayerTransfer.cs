using System.Text.Json;
using System.Text.Json.Nodes;
using Geo.Analysis.Spatial;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.ImportExport;

/// <summary>A row of a file with its geometry converted to WGS-84 (or why it could not be).</summary>
public sealed record PreparedRow(SourceRow Source, Geometry? Wgs84, string? TransformError = null);

/// <summary>Everything an import of one layer needs beside the layer itself.</summary>
public sealed record ImportRun(
    TuoyuDbContext Db, IReadOnlyList<PreparedRow> Rows, ImportOptions Options, ImportReport Settings,
    DistrictCheck Districts, ImportProgress Progress);

/// <summary>A feature on its way out: its id, its WGS-84 geometry and its properties as the API writes them.</summary>
public sealed record ExportFeature(long Id, Geometry Geometry, JsonObject Properties);

/// <summary>Import and export of one layer, whatever its entity type.</summary>
public interface ILayerTransfer
{
    string Route { get; }

    GeometryKind Kind { get; }

    /// <summary>Who may import into the layer (its editors).</summary>
    string EditPolicy { get; }

    /// <summary>Who may export the layer: its readers, staff at least.</summary>
    string ExportPolicy { get; }

    /// <summary>The fields a file may set (the layer's input fields).</summary>
    IReadOnlyList<string> Fields { get; }

    Task<ImportReport> ImportAsync(ImportRun run, CancellationToken cancellationToken);

    /// <summary>
    /// The rows and fields the caller may read through the list endpoint (the public's rules apply to the
    /// public), within <paramref name="within"/> (district or 街道 codes) when the caller's account is bound.
    /// </summary>
    Task<IReadOnlyList<ExportFeature>> ExportAsync(TuoyuDbContext db, LayerQuery query, System.Security.Claims.ClaimsPrincipal user,
        IReadOnlySet<string>? within, CancellationToken cancellationToken);
}

/// <summary>How rows of a file find the feature they are: the stable key of the layer, and name + location.</summary>
/// <param name="Field">The stable key's field (credit_code, code), or null when the layer has none.</param>
/// <param name="OfInput">The key of a row.</param>
/// <param name="OfEntity">The key of a stored feature, as an expression so the stored features a file can match are looked up by it in the database.</param>
/// <param name="ByNameAndLocation">Whether rows are also matched by the same name within <see cref="LayerTransfer{TEntity,TInput,TOutput,TFilter}.SameLocationMetres"/>.</param>
public sealed record ImportKey<TEntity, TInput>(
    string? Field, Func<TInput, string?>? OfInput, System.Linq.Expressions.Expression<Func<TEntity, string?>>? OfEntity, bool ByNameAndLocation)
{
    public Func<TEntity, string?>? KeyOf { get; } = OfEntity?.Compile();
}

public static class ImportKey
{
    /// <summary>Layers without an identifying code: a row is the feature of the same name within 30 m.</summary>
    public static ImportKey<TEntity, TInput> NameAndLocation<TEntity, TInput>() => new(null, null, null, true);
}

/// <summary>
/// Imports rows into a layer and exports it, through the layer's own rules (<see cref="GeometryRules.Prepare"/>,
/// <c>Validate</c>, <c>Create</c>/<c>Apply</c>), so a file obeys exactly what the API enforces. Rows are matched
/// to stored features by a stable key (upsert), so a file imported twice changes nothing the second time.
/// </summary>
public sealed class LayerTransfer<TEntity, TInput, TOutput, TFilter>(
    Layer<TEntity, TInput, TOutput, TFilter> layer,
    ImportKey<TEntity, TInput> key,
    Func<TEntity, Point> location,
    Action<TEntity, TInput, ImportOptions>? afterApply = null,
    Func<IReadOnlyDictionary<string, object?>, ImportOptions, IReadOnlyDictionary<string, object?>>? readAttributes = null) : ILayerTransfer
    where TEntity : LocatedEntity
    where TInput : class
    where TOutput : TInput
    where TFilter : class
{
    /// <summary>Two features of the same name closer than this are the same feature (GPS and geocoding scatter).</summary>
    public const double SameLocationMetres = 30;

    /// <summary>Positions closer than this (≈ 1 cm in degrees) count as unchanged, so CRS round trips do not update rows.</summary>
    public const double SamePositionDegrees = 1e-7;

    private const int CreateBatch = 2000;
    private const int UpdateBatch = 500;

    public string Route => layer.Route;

    public GeometryKind Kind => layer.Kind;

    public string EditPolicy => layer.EditPolicy;

    public string ExportPolicy => layer.ReadPolicy ?? Infrastructure.Policies.Staff;

    public IReadOnlyList<string> Fields { get; } = AttributeCoercion.Fields(typeof(TInput)).Select(f => f.Name).ToList();

    public async Task<ImportReport> ImportAsync(ImportRun run, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        run.Progress.Start("checking", run.Rows.Count);
        var planned = new List<Planned>(run.Rows.Count);
        foreach (var row in run.Rows)
        {
            planned.Add(Plan(row, run));
            run.Progress.Advance();
        }

        run.Progress.Took("checking", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        var matching = System.Diagnostics.Stopwatch.GetTimestamp();
        var index = new Matcher(key, location, await StoredMatchesAsync(run.Db, planned, cancellationToken));
        run.Progress.Took("reading stored matches", System.Diagnostics.Stopwatch.GetElapsedTime(matching));
        matching = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var p in planned.Where(p => p.Action != RowAction.Error))
        {
            Match(p, index);
        }

        run.Progress.Took("matching", System.Diagnostics.Stopwatch.GetElapsedTime(matching));

        var hasErrors = planned.Any(p => p.Action == RowAction.Error);
        var commit = run.Options.Mode == ImportMode.Commit && !hasErrors;
        if (commit)
        {
            await CommitAsync(run, planned, cancellationToken);
        }

        return run.Settings.Finished(
            planned.Select(p => new ImportRowReport(p.Row, p.Action, p.Created?.Id ?? p.ExistingId, p.Key, p.MatchedBy, p.Problems)).ToList(),
            commit, started);
    }

    /// <summary>
    /// The stored features the file's rows can be: those with a key or a name the file has. A small file into a large
    /// layer reads what its rows can match, not the layer (the whole layer was read before, measured in
    /// docs/benchmarks-import.md). Names are compared trimmed, as <see cref="Matcher"/> compares them.
    /// </summary>
    private Task<List<TEntity>> StoredMatchesAsync(TuoyuDbContext db, List<Planned> planned, CancellationToken cancellationToken)
    {
        var candidates = planned.Where(p => p.Candidate is not null).ToList();
        var keys = candidates.Select(p => p.Stable).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var names = key.ByNameAndLocation ? candidates.Select(p => p.Candidate!.Name).Distinct(StringComparer.Ordinal).ToList() : [];
        if (keys.Count == 0 && names.Count == 0)
        {
            return Task.FromResult(new List<TEntity>());
        }

        // One array parameter each (= ANY), whatever the file's size: a list of 100,000 names is not 100,000 parameters.
        System.Linq.Expressions.Expression<Func<TEntity, bool>> byName = e => EF.Parameter(names).Contains(e.Name.Trim());
        System.Linq.Expressions.Expression<Func<string?, bool>> inKeys = k => EF.Parameter(keys).Contains(k!);
        var entity = byName.Parameters[0];
        var test = key.OfEntity is { } ofEntity && keys.Count > 0
            ? new ParameterReplacer(inKeys.Parameters[0], new ParameterReplacer(ofEntity.Parameters[0], entity).Visit(ofEntity.Body)).Visit(inKeys.Body)
            : null;
        if (names.Count > 0)
        {
            test = test is null ? byName.Body : System.Linq.Expressions.Expression.OrElse(test, byName.Body);
        }

        return layer.Source(db).AsNoTracking().Where(System.Linq.Expressions.Expression.Lambda<Func<TEntity, bool>>(test!, entity)).ToListAsync(cancellationToken);
    }

    private sealed class ParameterReplacer(System.Linq.Expressions.ParameterExpression from, System.Linq.Expressions.Expression to)
        : System.Linq.Expressions.ExpressionVisitor
    {
        protected override System.Linq.Expressions.Expression VisitParameter(System.Linq.Expressions.ParameterExpression node) => node == from ? to : node;
    }

    /// <summary>A row through the layer's rules and into the entity it would write; matching against stored features comes after.</summary>
    private Planned Plan(PreparedRow row, ImportRun run)
    {
        var problems = new List<ImportProblem>();
        if (row.Source.RecordError is { } recordError)
        {
            problems.Add(ImportProblem.Error("row", recordError));
        }

        var input = AttributeCoercion.ToInput<TInput>(readAttributes?.Invoke(row.Source.Attributes, run.Options) ?? row.Source.Attributes, problems);
        var errors = new ValidationErrors();
        var notes = new List<string>();
        Geometry? geometry = null;
        if ((row.Source.GeometryError ?? row.TransformError) is { } geometryError)
        {
            problems.Add(ImportProblem.Error("geometry", geometryError));
        }
        else
        {
            geometry = GeometryRules.Prepare(row.Wgs84, layer.Kind, errors, notes);
        }

        if (input is not null)
        {
            layer.Validate(input, geometry, errors);
        }

        // A value that could not be read is said once, not again as "required" by the layer's rules.
        var unread = problems.Where(p => p.Severity == "error").Select(p => p.Field).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(Problems(errors).Where(p => !unread.Contains(p.Field)));
        problems.AddRange(notes.Select(n => ImportProblem.Warning("geometry", n, repairable: true)));
        string? declaredSubdistrict = null;
        if (geometry is not null)
        {
            run.Districts.Check(geometry, problems);
            declaredSubdistrict = run.Districts.DeclaredSubdistrict(row.Source.Attributes.GetValueOrDefault(DistrictCheck.DeclaredSubdistrictField), geometry, problems);
        }

        var planned = new Planned(row.Source.Number, problems) { DeclaredSubdistrict = declaredSubdistrict };
        if (input is null || geometry is null || problems.Any(p => p.Severity == "error"))
        {
            planned.Action = RowAction.Error;
            return planned;
        }

        var candidate = layer.Create(geometry, input);
        afterApply?.Invoke(candidate, input, run.Options);
        candidate.DataSource = run.Settings.DataSource;
        candidate.SourceCrs = run.Settings.SourceCrs;
        (planned.Geometry, planned.Input, planned.Candidate) = (geometry, input, candidate);

        planned.Stable = key.OfInput?.Invoke(input)?.Trim();
        planned.Key = planned.Stable ?? candidate.Name;
        planned.At = (geometry as Point ?? geometry.InteriorPoint).Coordinate;
        return planned;
    }

    /// <summary>A checked row against the file's earlier rows (duplicates) and the stored features (create, update or unchanged).</summary>
    private void Match(Planned planned, Matcher index)
    {
        var (stable, candidate, at) = (planned.Stable, planned.Candidate!, planned.At!);
        if (index.DuplicateInFile(planned.Row, stable, candidate.Name, at) is { } duplicate)
        {
            planned.Problems.Add(ImportProblem.Error(stable is null ? "name" : key.Field!, duplicate));
            planned.Action = RowAction.Error;
            return;
        }

        var (match, matchedBy, warning) = index.Existing(stable, candidate.Name, at);
        if (warning is not null)
        {
            planned.Problems.Add(ImportProblem.Warning("name", warning));
        }

        (planned.Existing, planned.MatchedBy) = (match, matchedBy);
        planned.Action = match is null ? RowAction.Create : Same(match, candidate) ? RowAction.Unchanged : RowAction.Update;
    }

    private async Task CommitAsync(ImportRun run, List<Planned> planned, CancellationToken cancellationToken)
    {
        var db = run.Db;
        var creates = planned.Where(p => p.Action == RowAction.Create).ToList();
        var updates = planned.Where(p => p.Action == RowAction.Update).ToList();
        run.Progress.Start("writing", creates.Count + updates.Count);
        // Inside the caller's transaction where there is one: a background import commits its rows with its job's success.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (creates.Count + updates.Count >= BulkCommit.MinRows && BulkCommit.Supports(db, typeof(TEntity)))
        {
            await BulkCommitAsync(run, creates, updates, cancellationToken);
            await WriteDeclaredSubdistrictsAsync(db, planned, cancellationToken);
            await CommitOwnAsync(transaction, cancellationToken);
            return;
        }

        foreach (var batch in creates.Chunk(CreateBatch))
        {
            db.AddRange(batch.Select(p => p.Candidate!));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            foreach (var p in batch)
            {
                p.Created = p.Candidate;
            }

            run.Progress.Advance(batch.Length);
        }

        foreach (var batch in updates.Chunk(UpdateBatch))
        {
            var ids = batch.Select(p => p.ExistingId!.Value).ToList();
            var tracked = await layer.Source(db).Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
            foreach (var p in batch)
            {
                var entity = tracked[p.ExistingId!.Value];
                layer.Apply(entity, p.Geometry!, p.Input!);
                afterApply?.Invoke(entity, p.Input!, run.Options);
                entity.DataSource = run.Settings.DataSource;
                entity.SourceCrs = run.Settings.SourceCrs;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            run.Progress.Advance(batch.Length);
        }

        await WriteDeclaredSubdistrictsAsync(db, planned, cancellationToken);
        await CommitOwnAsync(transaction, cancellationToken);
    }

    private static Task CommitOwnAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? transaction, CancellationToken cancellationToken) =>
        transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// The 所属街道 of rows no 街道 boundary covers, written after the rows themselves: the 街道 is derived by the
    /// database (the spatial join of tuoyu_assign_district), which keeps a written one only while no boundary decides.
    /// </summary>
    private static async Task WriteDeclaredSubdistrictsAsync(TuoyuDbContext db, List<Planned> planned, CancellationToken cancellationToken)
    {
        var table = db.Model.FindEntityType(typeof(TEntity))!.GetTableName();
        foreach (var group in planned.Where(p => p.DeclaredSubdistrict is not null && p.Action != RowAction.Error && (p.Created?.Id ?? p.ExistingId) is not null)
            .GroupBy(p => p.DeclaredSubdistrict!))
        {
            var ids = group.Select(p => (p.Created?.Id ?? p.ExistingId)!.Value).ToArray();
            // The table's name comes from the EF model, never from the file; the values are parameters.
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync("UPDATE \"" + table + "\" SET subdistrict_code = {0} WHERE id = ANY({1})", [group.Key, ids], cancellationToken);
#pragma warning restore EF1003
        }
    }

    /// <summary>The rows written as one COPY and one upsert; updates are the stored features with the row applied, as the API applies it.</summary>
    private async Task BulkCommitAsync(ImportRun run, List<Planned> creates, List<Planned> updates, CancellationToken cancellationToken)
    {
        var rows = creates.Select(p => ((long?)null, p.Candidate!, (string?[]?)null)).ToList();
        foreach (var p in updates)
        {
            var entity = p.Existing!;
            var before = BulkCommit.GeometryTexts(run.Db, entity);
            layer.Apply(entity, p.Geometry!, p.Input!);
            afterApply?.Invoke(entity, p.Input!, run.Options);
            entity.DataSource = run.Settings.DataSource;
            entity.SourceCrs = run.Settings.SourceCrs;
            rows.Add((entity.Id, entity, before));
        }

        var ids = await BulkCommit.UpsertAsync(run.Db, rows, run.Progress, cancellationToken);
        for (var k = 0; k < creates.Count; k++)
        {
            creates[k].Candidate!.Id = ids[k];
            creates[k].Created = creates[k].Candidate;
        }
    }

    /// <summary>
    /// Unchanged: the same written fields and the same position within ≈ 1 cm. Where the row came from is not
    /// compared: neither the data source (the file's name) nor the coordinate system it arrived in, so the same
    /// rows sent under another name, or exported in EPSG:4549 and sent back, change nothing (the stored
    /// provenance stays that of the last real change). Numbers are the same to 9 significant digits, since a DBF
    /// keeps them as text of a fixed width (41234.56789012345 m² may come back 41234.567890123), and rings the
    /// same whatever their start and orientation (a Shapefile turns outer rings clockwise).
    /// </summary>
    private bool Same(TEntity stored, TEntity candidate) =>
        SameJson(Written(stored), Written(candidate)) &&
        layer.GeometryOf(stored) is { } a && layer.GeometryOf(candidate) is { } b && a.Normalized().EqualsExact(b.Normalized(), SamePositionDegrees);

    private static bool SameJson(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var other) && SameJson(p.Value, other)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => SameJson(p.First, p.Second)),
        (JsonValue x, JsonValue y) when x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number =>
            x.GetValue<double>() is var u && y.GetValue<double>() is var v && Math.Abs(u - v) <= 1e-9 * Math.Max(Math.Abs(u), Math.Abs(v)),
        _ => JsonNode.DeepEquals(a, b),
    };

    private JsonNode? Written(TEntity entity) => JsonSerializer.SerializeToNode<TInput>(layer.ToOutput(entity), AttributeCoercion.Json);

    public async Task<IReadOnlyList<ExportFeature>> ExportAsync(TuoyuDbContext db, LayerQuery query, System.Security.Claims.ClaimsPrincipal user,
        IReadOnlySet<string>? within, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        query.Validate(errors);
        errors.ThrowIfAny();
        var rows = layer.ApplyCommon(layer.VisibleTo(user, layer.Source(db).AsNoTracking()), query);
        if (within is not null)
        {
            var codes = within.ToList();
            rows = rows.Where(e => (e.DistrictCode != null && codes.Contains(e.DistrictCode)) || (e.SubdistrictCode != null && codes.Contains(e.SubdistrictCode)));
        }

        var entities = await rows.OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return entities.Select(e => new ExportFeature(e.Id, layer.GeometryOf(e)!, InputFieldsFirst(
            JsonSerializer.SerializeToNode(layer.ForCaller(user, layer.ToOutput(e)), AttributeCoercion.Json)!.AsObject()))).ToList();
    }

    /// <summary>The fields a file can carry back in first (name leading), then the derived ones, as a spreadsheet user reads them.</summary>
    private JsonObject InputFieldsFirst(JsonObject properties)
    {
        var ordered = new JsonObject();
        foreach (var (key, value) in properties.OrderBy(p => Fields.Contains(p.Key) ? Fields.ToList().IndexOf(p.Key) : Fields.Count).ToList())
        {
            properties.Remove(key);
            ordered[key] = value;
        }

        return ordered;
    }

    private static IEnumerable<ImportProblem> Problems(ValidationErrors errors) =>
        errors.Errors.SelectMany(f => f.Value.Select(m => ImportProblem.Error(f.Key, m,
            f.Key == "geometry" && m.Contains("repaired", StringComparison.Ordinal) ? false : null)));

    private sealed class Planned(int row, List<ImportProblem> problems)
    {
        public int Row { get; } = row;
        public List<ImportProblem> Problems { get; } = problems;
        public RowAction Action { get; set; }
        public string? Key { get; set; }
        public string? MatchedBy { get; set; }
        /// <summary>The row's stable key (credit code, parcel code), when the layer has one and the row gives it.</summary>
        public string? Stable { get; set; }
        /// <summary>Where the row is, for matching by name within <see cref="SameLocationMetres"/>.</summary>
        public Coordinate? At { get; set; }
        /// <summary>The stored feature the row is (read untracked, before the commit).</summary>
        public TEntity? Existing { get; set; }
        public long? ExistingId => Existing?.Id;
        public Geometry? Geometry { get; set; }
        public TInput? Input { get; set; }
        public TEntity? Candidate { get; set; }
        public TEntity? Created { get; set; }
        /// <summary>The 街道 the row's 所属街道 names, to write where no 街道 boundary covers it.</summary>
        public string? DeclaredSubdistrict { get; init; }
    }

    /// <summary>Stored features by key and by name, and the rows of the file seen so far.</summary>
    private sealed class Matcher
    {
        private readonly ImportKey<TEntity, TInput> _key;
        private readonly Func<TEntity, Point> _location;
        private readonly Dictionary<string, TEntity> _byKey = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<TEntity>> _byName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _fileKeys = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<(int Row, Coordinate At)>> _fileNames = new(StringComparer.Ordinal);

        public Matcher(ImportKey<TEntity, TInput> key, Func<TEntity, Point> location, List<TEntity> existing)
        {
            (_key, _location) = (key, location);
            foreach (var entity in existing)
            {
                if (key.KeyOf?.Invoke(entity) is { } k)
                {
                    _byKey[k] = entity;
                }

                var name = entity.Name.Trim();
                if (!_byName.TryGetValue(name, out var list))
                {
                    _byName[name] = list = [];
                }

                list.Add(entity);
            }
        }

        public string? DuplicateInFile(int row, string? stable, string name, Coordinate at)
        {
            string? duplicate = null;
            if (stable is not null)
            {
                if (_fileKeys.TryGetValue(stable, out var first))
                {
                    duplicate = $"duplicate of row {first} in this file (same {_key.Field} {stable})";
                }
                else
                {
                    _fileKeys[stable] = row;
                }
            }

            if (!_fileNames.TryGetValue(name, out var rows))
            {
                _fileNames[name] = rows = [];
            }

            if (stable is null && duplicate is null &&
                rows.FirstOrDefault(r => GroundDistance.Metres(r.At, at) <= SameLocationMetres) is { Row: > 0 } near)
            {
                duplicate = $"duplicate of row {near.Row} in this file (same name within {SameLocationMetres} m)";
            }

            rows.Add((row, at));
            return duplicate;
        }

        public (TEntity? Match, string? MatchedBy, string? Warning) Existing(string? stable, string name, Coordinate at)
        {
            if (stable is not null && _byKey.TryGetValue(stable, out var byKey))
            {
                return (byKey, _key.Field, null);
            }

            if (!_key.ByNameAndLocation || !_byName.TryGetValue(name, out var sameName))
            {
                return (null, null, null);
            }

            var near = sameName.FirstOrDefault(e => GroundDistance.Metres(_location(e).Coordinate, at) <= SameLocationMetres);
            if (near is null)
            {
                return (null, null, null);
            }

            var storedKey = _key.KeyOf?.Invoke(near);
            return stable is null || storedKey is null
                ? (near, "name_location", null)
                : (null, null, $"feature {near.Id} has the same name within {SameLocationMetres} m but {_key.Field} {storedKey}: a duplicate?");
        }
    }
}
