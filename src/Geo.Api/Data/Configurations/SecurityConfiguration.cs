using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Geo.Api.Data.Configurations;

internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> builder)
    {
        builder.ToTable("user_accounts");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.UserName).HasMaxLength(64);
        builder.Property(u => u.SecurityStamp).HasMaxLength(64);
        builder.HasIndex(u => u.UserName).IsUnique();
        builder.EnumColumn(u => u.Role, "role");
        builder.Property(u => u.Units).HasColumnType("text[]").HasDefaultValueSql("'{}'");
        builder.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_user_accounts_user_name", "user_name ~ '^[A-Za-z0-9_.@-]{3,64}$'");
            t.HasCheckConstraint("ck_user_accounts_failed_sign_ins", "failed_sign_ins >= 0");
        });
    }
}

internal sealed class ServiceSettingConfiguration : IEntityTypeConfiguration<ServiceSetting>
{
    public void Configure(EntityTypeBuilder<ServiceSetting> builder)
    {
        builder.ToTable("service_settings");
        builder.HasKey(s => s.Key);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Before).HasColumnType("jsonb");
        builder.Property(a => a.After).HasColumnType("jsonb");
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.Entity, a.EntityId });
        builder.ToTable(t => t.HasCheckConstraint("ck_audit_entries_action", "action IN ('created', 'updated', 'deleted')"));
    }
}
