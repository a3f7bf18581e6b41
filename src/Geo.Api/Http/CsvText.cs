using System.Text;

namespace Geo.Api.Http;

/// <summary>
/// CSV as spreadsheets read it (RFC 4180): comma-separated, CRLF rows, cells quoted only when they hold a comma,
/// quote or line break, in UTF-8 with a byte-order mark so that Excel shows Chinese text rightly.
/// </summary>
public static class CsvText
{
    public static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    public static StringBuilder AppendRow(this StringBuilder text, IEnumerable<string> cells) =>
        text.AppendJoin(',', cells.Select(Quote)).Append("\r\n");

    public static byte[] Utf8WithBom(StringBuilder text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
}
