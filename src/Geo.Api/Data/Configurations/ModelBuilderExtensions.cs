using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Geo.Api.Data.Configurations;

/// <summary>The conventions every entity configuration shares: enum columns, their check constraints, geometry.</summary>
internal static class ModelBuilderExtensions
{
    /// <summary>The snake_case word an enum value is stored and sent as (FullDay → full_day).</summary>
    public static string Word<TEnum>(TEnum value) where TEnum : struct, Enum => Words.Of(value);

    public static string SqlList<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Select(v => $"'{Word(v)}'"));

    private static ValueConverter<TEnum, string> Converter<TEnum>() where TEnum : struct, Enum =>
        new(v => Word(v), s => Enum.Parse<TEnum>(s.Replace("_", ""), true));

    /// <summary>Stores an enum as snake_case text and checks the column holds only its words.</summary>
    public static void EnumColumn<TEntity, TEnum>(this EntityTypeBuilder<TEntity> builder,
        System.Linq.Expressions.Expression<Func<TEntity, TEnum>> property, string column)
        where TEntity : class where TEnum : struct, Enum
    {
        builder.Property(property).HasColumnName(column).HasColumnType("text").HasConversion(Converter<TEnum>());
        builder.ToTable(t => t.HasCheckConstraint($"ck_{builder.Metadata.GetTableName()}_{column}",
            $"{column} IN ({SqlList<TEnum>()})"));
    }

    /// <summary>Same for a nullable enum.</summary>
    public static void EnumColumn<TEntity, TEnum>(this EntityTypeBuilder<TEntity> builder,
        System.Linq.Expressions.Expression<Func<TEntity, TEnum?>> property, string column)
        where TEntity : class where TEnum : struct, Enum
    {
        builder.Property(property).HasColumnName(column).HasColumnType("text").HasConversion(Converter<TEnum>());
        builder.ToTable(t => t.HasCheckConstraint($"ck_{builder.Metadata.GetTableName()}_{column}",
            $"{column} IS NULL OR {column} IN ({SqlList<TEnum>()})"));
    }

    /// <summary>Stores a set of enum values as a text[] and checks it holds only their words.</summary>
    public static void EnumSetColumn<TEntity, TEnum>(this EntityTypeBuilder<TEntity> builder,
        System.Linq.Expressions.Expression<Func<TEntity, List<TEnum>>> property, string column)
        where TEntity : class where TEnum : struct, Enum
    {
        builder.PrimitiveCollection(property).HasColumnName(column).IsRequired()
            .ElementType(e => e.HasConversion(Converter<TEnum>()));
        builder.ToTable(t => t.HasCheckConstraint($"ck_{builder.Metadata.GetTableName()}_{column}",
            $"{column} <@ ARRAY[{SqlList<TEnum>()}]::text[]"));
    }

    /// <summary>
    /// A geometry column of one kind in WGS-84, with its GiST index. An optional geometry (a 小区 known by its point only)
    /// is indexed where it is set: GiST keeps an entry for every NULL, which no spatial filter can match (a strict
    /// operator such as &amp;&amp; implies IS NOT NULL, so the planner still uses the partial index), and writing those
    /// entries was a fifth of inserting 100,000 point-only areas (docs/benchmarks-import.md).
    /// </summary>
    public static void GeometryColumn<TEntity, TGeometry>(this EntityTypeBuilder<TEntity> builder,
        System.Linq.Expressions.Expression<Func<TEntity, TGeometry>> property, string column, string kind)
        where TEntity : class
    {
        var geometry = builder.Property(property).HasColumnName(column).HasColumnType($"geometry({kind},4326)");
        var index = builder.HasIndex(ToObject(property)).HasMethod("gist");
        if (geometry.Metadata.IsNullable)
        {
            index.HasFilter($"{column} IS NOT NULL");
        }
    }

    private static System.Linq.Expressions.Expression<Func<TEntity, object?>> ToObject<TEntity, TValue>(
        System.Linq.Expressions.Expression<Func<TEntity, TValue>> property) =>
        System.Linq.Expressions.Expression.Lambda<Func<TEntity, object?>>(
            System.Linq.Expressions.Expression.Convert(property.Body, typeof(object)), property.Parameters);

    /// <summary>Source, coordinate system, timestamps and the xmin concurrency token of every tracked row.</summary>
    public static void Tracked<TEntity>(this EntityTypeBuilder<TEntity> builder) where TEntity : TrackedEntity
    {
        builder.Property(e => e.DataSource).IsRequired();
        builder.Property(e => e.SourceCrs).IsRequired().HasDefaultValue("EPSG:4326");
        builder.Property(e => e.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(e => e.UpdatedAt).HasDefaultValueSql("now()");
        builder.Property(e => e.Version).IsRowVersion();
    }

    /// <summary>Name and the derived 街道 / district of a located feature.</summary>
    public static void Located<TEntity>(this EntityTypeBuilder<TEntity> builder) where TEntity : LocatedEntity
    {
        builder.Tracked();
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Name).IsRequired();
        builder.ToTable(t => t.HasCheckConstraint($"ck_{builder.Metadata.GetTableName()}_name", "length(btrim(name)) > 0"));
        builder.Property(e => e.SubdistrictCode).ValueGeneratedOnAddOrUpdate();
        builder.Property(e => e.DistrictCode).ValueGeneratedOnAddOrUpdate();
        builder.HasIndex(e => e.SubdistrictCode);
        builder.HasIndex(e => e.DistrictCode);
    }
}
