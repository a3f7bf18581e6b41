using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Geo.Api.Jobs;

/// <summary>
/// One background job as every instance of the service sees it: what to run, how far it got, whether someone asked
/// it to stop, and how it ended. The job engine (Hangfire) only decides which worker runs it; this row is the truth
/// the job API reports, so a poll or a cancellation may reach any instance.
/// </summary>
public sealed class BackgroundJobRecord
{
    public Guid Id { get; set; }

    /// <summary>siting or import: the <see cref="IJobHandler"/> that runs it.</summary>
    public required string Kind { get; set; }

    public JobState Status { get; set; }

    /// <summary>The request as JSON, enough for any instance to run the job again from the start.</summary>
    public required string Request { get; set; }

    /// <summary>The uploaded file of an import, dropped once the job ends.</summary>
    public byte[]? Upload { get; set; }

    public string? UploadName { get; set; }

    /// <summary>The handler's own progress shape, as JSON, written by the worker a few times a second.</summary>
    public string? Progress { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>Why it failed, Chinese first.</summary>
    public string? Error { get; set; }

    /// <summary>The handler's result as JSON (a siting run's scenario id, an import's report).</summary>
    public string? Result { get; set; }

    /// <summary>How many times a worker has started it: more than one means an instance stopped under it.</summary>
    public int Attempts { get; set; }

    /// <summary>The Hangfire server (instance) running it now, or that ran it last.</summary>
    public string? Worker { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? HeartbeatAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

public enum JobState { Queued, Running, Succeeded, Failed, Cancelled }

internal sealed class BackgroundJobConfiguration : IEntityTypeConfiguration<BackgroundJobRecord>
{
    public void Configure(EntityTypeBuilder<BackgroundJobRecord> builder)
    {
        builder.ToTable("background_jobs", t => t.HasCheckConstraint("ck_background_jobs_status",
            "status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')"));
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Kind).HasMaxLength(16);
        builder.Property(j => j.Status).HasConversion(s => Words(s), s => Parse(s)).HasMaxLength(16);
        builder.Property(j => j.Request).HasColumnType("jsonb");
        builder.Property(j => j.Progress).HasColumnType("jsonb");
        builder.Property(j => j.Result).HasColumnType("jsonb");
        builder.HasIndex(j => j.FinishedAt);
    }

    internal static string Words(JobState state) => state.ToString().ToLowerInvariant();

    private static JobState Parse(string word) => Enum.Parse<JobState>(word, ignoreCase: true);
}
