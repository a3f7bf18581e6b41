using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Geo.Api.Data.Configurations;

internal sealed class InstitutionConfiguration : IEntityTypeConfiguration<Institution>
{
    public void Configure(EntityTypeBuilder<Institution> builder)
    {
        builder.ToTable("institutions");
        builder.Located();
        builder.Property(i => i.CreditCode).HasMaxLength(18);
        builder.HasIndex(i => i.CreditCode).IsUnique();
        builder.GeometryColumn(i => i.Location, "location", "Point");
        builder.EnumColumn(i => i.Nature, "nature");
        builder.EnumColumn(i => i.OperatorType, "operator_type");
        builder.EnumSetColumn(i => i.ServiceTypes, "service_types");
        builder.EnumColumn(i => i.FilingStatus, "filing_status");
        builder.EnumColumn(i => i.QualityGrade, "quality_grade");
        builder.EnumColumn(i => i.Status, "status");
        builder.Property(i => i.Vacancies).HasComputedColumnSql("approved_slots - enrolled_slots", stored: true);
        builder.Property(i => i.MonthlyFeeMin).HasPrecision(10, 2);
        builder.Property(i => i.MonthlyFeeMax).HasPrecision(10, 2);
        builder.HasIndex(i => new { i.Status, i.FilingStatus });

        builder.OwnsMany(i => i.Classes, classes =>
        {
            classes.ToTable("institution_classes", t =>
            {
                t.HasCheckConstraint("ck_institution_classes_type", $"type IN ({ModelBuilderExtensions.SqlList<ClassType>()})");
                t.HasCheckConstraint("ck_institution_classes_count", "count >= 1");
                t.HasCheckConstraint("ck_institution_classes_children", "children >= 0");
                // The caps of 托育机构设置标准(试行), from ClassCaps, so the database and the API refuse the same classes.
                t.HasCheckConstraint("ck_institution_classes_cap", $"children <= count * {ClassCapsSql()}");
            });
            classes.WithOwner().HasForeignKey("InstitutionId");
            classes.Property<int>("Id");
            classes.HasKey("Id");
            classes.Property(c => c.Type).HasColumnType("text").HasConversion(
                v => ModelBuilderExtensions.Word(v), s => Enum.Parse<ClassType>(s, true));
        });

        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_institutions_credit_code", "credit_code IS NULL OR credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'");
            t.HasCheckConstraint("ck_institutions_slots", "approved_slots >= 0 AND enrolled_slots >= 0 AND enrolled_slots <= approved_slots");
            t.HasCheckConstraint("ck_institutions_fees", "(monthly_fee_min IS NULL OR monthly_fee_min >= 0) AND (monthly_fee_max IS NULL OR monthly_fee_min IS NULL OR monthly_fee_max >= monthly_fee_min)");
            t.HasCheckConstraint("ck_institutions_floor", "floor IS NULL OR floor BETWEEN -3 AND 100");
            t.HasCheckConstraint("ck_institutions_filed_on", "filed_on IS NULL OR filing_status <> 'unfiled'");
            t.HasCheckConstraint("ck_institutions_closed_on", "closed_on IS NULL OR (status = 'closed' AND (opened_on IS NULL OR closed_on >= opened_on))");
        });
    }

    /// <summary>CASE type WHEN 'infant' THEN 10 … ELSE 18 END: the last type is the ELSE, as the first migration wrote it.</summary>
    private static string ClassCapsSql()
    {
        var types = Enum.GetValues<ClassType>();
        var whens = types[..^1].Select(c => $"WHEN '{ModelBuilderExtensions.Word(c)}' THEN {ClassCaps.MaxChildren(c)}");
        return $"CASE type {string.Join(" ", whens)} ELSE {ClassCaps.MaxChildren(types[^1])} END";
    }
}
