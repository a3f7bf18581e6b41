using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <summary>
    /// Security stamps for built-in accounts (every existing account gets its own, so tokens issued before,
    /// which carry none, are refused), and the audit log rid of the secrets it held: password hashes in
    /// user_accounts entries (failed sign-ins included) and the signing key in service_settings entries.
    /// </summary>
    public partial class AccountStampsAndSecretFreeAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "security_stamp",
                table: "user_accounts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("UPDATE user_accounts SET security_stamp = upper(replace(gen_random_uuid()::text, '-', ''));");

            // The same columns as [AuditRedacted] marks, written here so that this migration never changes.
            migrationBuilder.Sql("""
                UPDATE audit_entries
                   SET before = CASE WHEN before -> 'password_hash' IS NOT NULL THEN before || jsonb_build_object('password_hash', '[redacted]') ELSE before END,
                       after = CASE WHEN after -> 'password_hash' IS NOT NULL THEN after || jsonb_build_object('password_hash', '[redacted]') ELSE after END
                 WHERE entity = 'user_accounts';
                UPDATE audit_entries
                   SET before = CASE WHEN before -> 'value' IS NOT NULL THEN before || jsonb_build_object('value', '[redacted]') ELSE before END,
                       after = CASE WHEN after -> 'value' IS NOT NULL THEN after || jsonb_build_object('value', '[redacted]') ELSE after END
                 WHERE entity = 'service_settings';
                """);
        }

        /// <summary>The stamps go; the redacted secrets cannot come back.</summary>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "security_stamp",
                table: "user_accounts");
        }
    }
}
