using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Geo.Api.Features.ImportExport;

/// <summary>An uploaded file saved to a temporary path (deleted on dispose), counted against the size limit as it streams.</summary>
public sealed class Upload : IDisposable
{
    private Upload(string path, string fileName, IReadOnlyDictionary<string, string> fields) => (Path, FileName, Fields) = (path, fileName, fields);

    /// <summary>The text fields of a multipart form (mapping, crs…), which stand in for query parameters.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>Longest text field read from a form; mappings are a few hundred bytes.</summary>
    private const int MaxFieldChars = 64 * 1024;

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
                    var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                    string? received = null;
                    MultipartSection? section;
                    while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
                    {
                        if (section.GetContentDispositionHeader() is not { } disposition)
                        {
                            continue;
                        }

                        if (disposition.IsFileDisposition() && received is null)
                        {
                            received = Clean(disposition.FileNameStar.Value ?? disposition.FileName.Value);
                            await CopyAsync(section.Body, file, maxBytes, cancellationToken);
                        }
                        else if (disposition.IsFormDisposition() && HeaderUtilities.RemoveQuotes(disposition.Name).Value is { Length: > 0 } name)
                        {
                            using var text = new StreamReader(section.Body, System.Text.Encoding.UTF8);
                            var buffer = new char[MaxFieldChars + 1];
                            var length = await text.ReadBlockAsync(buffer, cancellationToken);
                            if (length > MaxFieldChars)
                            {
                                throw new ImportFileException($"The form field {name} is longer than {MaxFieldChars:N0} characters.");
                            }

                            fields[name] = new string(buffer, 0, length);
                        }
                    }

                    return received is not null ? new Upload(path, received, fields)
                        : throw new ImportFileException("The multipart request has no file part: send the file as form field \"file\".");
                }

                fileName = ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var header)
                    ? Clean(header.FileNameStar.Value ?? header.FileName.Value)
                    : "upload";
                await CopyAsync(request.Body, file, maxBytes, cancellationToken);
            }

            return new Upload(path, fileName, new Dictionary<string, string>());
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested && e.Message.StartsWith("Unexpected end of", StringComparison.Ordinal))
        {
            // The multipart reader's word for a body that stops before its closing boundary: the upload was cut off.
            File.Delete(path);
            throw new ImportFileException("The multipart body ends before its closing boundary: the upload was cut off. Send the whole file again.");
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
