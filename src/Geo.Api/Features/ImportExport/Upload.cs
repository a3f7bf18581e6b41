using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Geo.Api.Features.ImportExport;

/// <summary>An uploaded file saved to a temporary path (deleted on dispose), counted against the size limit as it streams.</summary>
public sealed class Upload : IDisposable
{
    private Upload(string path, string fileName) => (Path, FileName) = (path, fileName);

    public string Path { get; }

    /// <summary>The client's file name (recorded as the data source "import: name").</summary>
    public string FileName { get; }

    /// <summary>Reads a multipart/form-data file part, or else the raw body (named by Content-Disposition or "upload").</summary>
    public static async Task<Upload> SaveAsync(HttpRequest request, ImportLimits limits, CancellationToken cancellationToken)
    {
        var maxBytes = limits.MaxFileBytes;
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes + 1024 * 1024; // room for the multipart envelope
        }

        var path = System.IO.Path.Combine(limits.TempDirectory(), $"tuoyu-upload-{Guid.NewGuid():N}.tmp");
        try
        {
            string fileName;
            await using (var file = File.Create(path))
            {
                if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
                {
                    var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value
                        ?? throw new ImportFileException("The multipart request has no boundary.");
                    var reader = new MultipartReader(boundary, request.Body);
                    MultipartSection? section;
                    while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
                    {
                        if (section.GetContentDispositionHeader() is { } disposition && disposition.IsFileDisposition())
                        {
                            fileName = Clean(disposition.FileNameStar.Value ?? disposition.FileName.Value);
                            await CopyAsync(section.Body, file, maxBytes, cancellationToken);
                            return new Upload(path, fileName);
                        }
                    }

                    throw new ImportFileException("The multipart request has no file part: send the file as form field \"file\".");
                }

                fileName = ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var header)
                    ? Clean(header.FileNameStar.Value ?? header.FileName.Value)
                    : "upload";
                await CopyAsync(request.Body, file, maxBytes, cancellationToken);
            }

            return new Upload(path, fileName);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static async Task CopyAsync(Stream from, Stream to, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private static ImportTooLargeException TooLarge(long maxBytes) =>
        new($"The file is larger than the import limit of {maxBytes:N0} bytes ({maxBytes / 1024.0 / 1024.0:0.#} MB): split it, or ask an administrator to raise Import:MaxFileBytes.");

    private static string Clean(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "upload" : System.IO.Path.GetFileName(name.Trim('"').Replace('\\', '/'));

    public void Dispose() => File.Delete(Path);
}
