using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Geo.Analysis.Coordinates;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// Reads a zipped Shapefile (.shp, .shx, .dbf, optional .prj and .cpg). The .prj names the coordinate system;
/// the .cpg (or the encoding parameter) the attribute encoding. A .shp whose length disagrees with its header
/// is refused as truncated rather than half read. Unpacking stops at <see cref="ImportLimits.MaxUncompressedBytes"/>.
/// </summary>
public static class ShapefileSource
{
    public static SourceData Read(string zipPath, Encoding? encoding, FieldNames names, ImportLimits limits)
    {
        var folder = Directory.CreateDirectory(Path.Combine(limits.TempDirectory(), $"tuoyu-shp-{Guid.NewGuid():N}"));
        try
        {
            var shp = Extract(zipPath, folder.FullName, limits);
            CheckLength(shp);
            var (crs, origin) = Prj(Path.ChangeExtension(shp, ".prj"));
            encoding ??= Cpg(Path.ChangeExtension(shp, ".cpg"));

            NetTopologySuite.Features.Feature[] features;
            try
            {
                // Invalid shapes are read as they are: GeometryRules repairs them or reports them, row by row.
                var options = new ShapefileReaderOptions
                {
                    Factory = GeoJsonSource.SourceFactory,
                    GeometryBuilderMode = GeometryBuilderMode.IgnoreInvalidShapes,
                };
                if (encoding is not null)
                {
                    options.Encoding = encoding;
                }

                features = Shapefile.ReadAllFeatures(shp, options);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FileNotFoundException
                                          or NotSupportedException or InvalidOperationException or IndexOutOfRangeException
                                          or DecoderFallbackException or FormatException)
            {
                throw new ImportFileException(e is DecoderFallbackException
                    ? "The .dbf attributes are not in the expected encoding: give encoding=gbk or encoding=utf-8 (or add a .cpg)."
                    : $"The shapefile cannot be read; it may be truncated or corrupt ({e.Message}).");
            }

            var columns = new List<string>();
            var rows = new List<SourceRow>(features.Length);
            for (var k = 0; k < features.Length; k++)
            {
                var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var name in features[k].Attributes.GetNames())
                {
                    var field = names.Of(name);
                    if (k == 0)
                    {
                        columns.Add(field);
                    }

                    attributes[field] = features[k].Attributes[name] switch
                    {
                        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
                        var v => v,
                    };
                }

                var geometry = features[k].Geometry;
                rows.Add(geometry is null || geometry.IsEmpty
                    ? new SourceRow(k + 1, null, attributes, GeometryError: "the record has a null or unreadable shape")
                    : new SourceRow(k + 1, geometry, attributes));
            }

            return new SourceData("shapefile", rows, crs, origin, columns);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Extract(string zipPath, string folder, ImportLimits limits)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException e)
        {
            throw new ImportFileException("The zip archive is corrupt or truncated.", e);
        }

        using (zip)
        {
            var entries = zip.Entries
                .Where(e => e.Length > 0 && !e.FullName.StartsWith("__MACOSX", StringComparison.Ordinal) && !e.FullName.EndsWith('/'))
                .ToList();
            var shps = entries.Where(e => e.Name.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)).ToList();
            if (shps.Count == 0)
            {
                throw new ImportFileException("The zip contains no .shp: a zipped Shapefile needs its .shp, .shx and .dbf " +
                    $"(and .prj); found {(entries.Count == 0 ? "nothing" : string.Join(", ", entries.Select(e => e.Name)))}.");
            }

            if (shps.Count > 1)
            {
                throw new ImportFileException($"The zip contains {shps.Count} .shp files ({string.Join(", ", shps.Select(e => e.Name))}): send one layer per zip.");
            }

            var stem = Path.GetFileNameWithoutExtension(shps[0].Name);
            var basePath = Path.Combine(folder, "layer");
            var layer = entries.Where(e => string.Equals(Path.GetFileNameWithoutExtension(e.Name), stem, StringComparison.OrdinalIgnoreCase)).ToList();
            var budget = new UnpackBudget(limits.MaxUncompressedBytes);
            budget.Declare(layer.Sum(e => e.Length)); // what the zip admits to, before anything is written
            foreach (var entry in layer)
            {
                // Only the extension of the entry is used, so a path in the archive cannot escape the folder.
                Unpack(entry, basePath + Path.GetExtension(entry.Name).ToLowerInvariant(), budget);
            }

            foreach (var required in (string[])[".shx", ".dbf"])
            {
                if (!File.Exists(basePath + required))
                {
                    throw new ImportFileException($"The zip has {shps[0].Name} but no {stem}{required}: a Shapefile needs .shp, .shx and .dbf.");
                }
            }

            return basePath + ".shp";
        }
    }

    /// <summary>Copies an entry out, counting what it really unpacks to (a zip's declared sizes may lie).</summary>
    private static void Unpack(ZipArchiveEntry entry, string path, UnpackBudget budget)
    {
        Stream source;
        try
        {
            source = entry.Open();
        }
        catch (InvalidDataException e)
        {
            throw new ImportFileException($"{entry.Name} in the zip is compressed with a method TuoyuGeo does not read (such as bzip2 or LZMA) " +
                "or is corrupt: zip the Shapefile again with ordinary compression (Deflate or Stored).", e);
        }

        using (source)
        using (var target = File.Create(path))
        {
            var buffer = new byte[81920];
            int read;
            try
            {
                while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    budget.Take(read);
                    target.Write(buffer, 0, read);
                }
            }
            catch (InvalidDataException e)
            {
                throw new ImportFileException($"{entry.Name} in the zip is corrupt or truncated.", e);
            }
        }
    }

    /// <summary>The bytes a zip may still unpack to.</summary>
    private sealed class UnpackBudget(long limit)
    {
        private long _used;

        public void Declare(long total)
        {
            if (total > limit)
            {
                throw TooLarge($"says it unpacks to {total:N0} bytes");
            }
        }

        public void Take(int bytes)
        {
            _used += bytes;
            if (_used > limit)
            {
                throw TooLarge($"unpacks to more than {limit:N0} bytes");
            }
        }

        private ImportTooLargeException TooLarge(string what) => new(
            $"The zip {what}; an import unpacks at most {limit:N0} bytes ({limit / 1024.0 / 1024.0:0.#} MB, Import:MaxUncompressedBytes): split the layer or ask an administrator to raise the limit.");
    }

    /// <summary>The .shp header states the file length (in 16-bit words); a shorter file was cut off.</summary>
    private static void CheckLength(string shp)
    {
        var bytes = new byte[100];
        using var file = File.OpenRead(shp);
        if (file.Read(bytes, 0, 100) < 100 || BinaryPrimitives.ReadInt32BigEndian(bytes) != 9994)
        {
            throw new ImportFileException("The .shp is not a Shapefile (its 100-byte header is missing or has the wrong file code).");
        }

        var declared = 2L * BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(24));
        if (declared != file.Length)
        {
            throw new ImportFileException($"The .shp is truncated or corrupt: its header says {declared} bytes, the file has {file.Length}.");
        }
    }

    private static (Crs?, string?) Prj(string path)
    {
        if (!File.Exists(path))
        {
            return (null, null);
        }

        var wkt = File.ReadAllText(path);
        try
        {
            return Crs.FromWkt(wkt) is { } crs
                ? (crs, ".prj")
                : throw new ImportFileException("The .prj describes a coordinate system TuoyuGeo does not support " +
                    $"({Shorten(wkt)}). {UnknownCrsException.SupportedText} If the .prj is wrong, give crs= to override it.");
        }
        catch (FormatException e)
        {
            throw new ImportFileException($"The .prj is not well-formed WKT ({e.Message}); give crs= to override it.");
        }
    }

    private static Encoding? Cpg(string path) =>
        File.Exists(path) ? TextEncodings.Resolve(File.ReadAllText(path)) : null;

    private static string Shorten(string text) => text.Length <= 80 ? text.Trim() : text[..80].Trim() + "…";
}
