using System.Text;

namespace Geo.Api.Features.ImportExport;

/// <summary>The text encodings Chinese data arrive in: UTF-8, and GBK (GB2312/CP936) from Excel and older GIS.</summary>
public static class TextEncodings
{
    static TextEncodings()
    {
        // GBK is not built into .NET; the code pages provider must be registered before it is asked for.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Gbk = Encoding.GetEncoding(936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>UTF-8 that throws on invalid bytes, so a GBK file read as UTF-8 is refused rather than garbled.</summary>
    public static Encoding StrictUtf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>GBK (code page 936) that throws on bytes it cannot decode.</summary>
    public static Encoding Gbk { get; }

    /// <summary>Parses an encoding name a client or a .cpg file gives; null when it is not one we read.</summary>
    public static Encoding? Resolve(string? name) =>
        name?.Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) switch
        {
            "UTF8" or "65001" => StrictUtf8,
            "GBK" or "GB2312" or "CP936" or "936" or "ANSI936" => Gbk,
            _ => null,
        };

    public const string Allowed = "utf-8 or gbk";
}
