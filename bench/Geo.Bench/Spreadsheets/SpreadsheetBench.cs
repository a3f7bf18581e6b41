using System.Diagnostics;
using System.Globalization;
using ClosedXML.Excel;
using MiniExcelLibs;

namespace Geo.Bench.Spreadsheets;

/// <summary>
/// The measurement that chose the .xlsx library: write then read 100,000 institution-shaped rows (Chinese text,
/// numbers, a date) with ClosedXML and with MiniExcel, best of three runs (or as many as given) and the managed memory the
/// run allocated. `dotnet run -c Release --project bench/Geo.Bench -- spreadsheets [rows] [runs]`.
/// </summary>
public static class SpreadsheetBench
{
    private static readonly string[] Headers = ["名称", "统一社会信用代码", "地址", "性质", "核定托位", "在托人数", "是否普惠", "备案状态", "备案日期", "经度", "纬度"];

    public static int Run(string[] args)
    {
        var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var folder = Directory.CreateTempSubdirectory("tuoyu-xlsx-bench").FullName;
        try
        {
            Console.WriteLine($"{rows:N0} rows × {Headers.Length} columns; best of {runs} (ms), allocated (MB)");
            Measure("MiniExcel 1.46.0 write", runs, () => WriteMiniExcel(Path.Combine(folder, "m.xlsx"), rows));
            Measure("MiniExcel 1.46.0 read ", runs, () => ReadMiniExcel(Path.Combine(folder, "m.xlsx"), rows));
            Measure("ClosedXML 0.95.4 write", runs, () => WriteClosedXml(Path.Combine(folder, "c.xlsx"), rows));
            Measure("ClosedXML 0.95.4 read ", runs, () => ReadClosedXml(Path.Combine(folder, "c.xlsx"), rows));
            Console.WriteLine($"file sizes: ClosedXML {new FileInfo(Path.Combine(folder, "c.xlsx")).Length / 1024:N0} KB, " +
                $"MiniExcel {new FileInfo(Path.Combine(folder, "m.xlsx")).Length / 1024:N0} KB");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    private static void Measure(string label, int runs, Action run)
    {
        var best = double.MaxValue;
        long allocated = 0;
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        Console.WriteLine($"{label}  {best,8:N0} ms  {allocated / 1024.0 / 1024.0,8:N0} MB");
    }

    private static object[] Row(int n) =>
    [
        $"测试托育中心{n}号", $"52350102MJ{n:D7}X", $"福州市鼓楼区测试路{n}号", n % 3 == 0 ? "公办" : "民办非营利",
        40 + n % 60, n % 40, n % 2 == 0 ? "是" : "否", "已备案", new DateTime(2024, 1, 1).AddDays(n % 365),
        119.2 + n % 1000 * 1e-4, 26.0 + n % 1000 * 1e-4,
    ];

    private static void WriteClosedXml(string path, int rows)
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("托育机构");
        for (var c = 0; c < Headers.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = Headers[c];
        }

        for (var r = 0; r < rows; r++)
        {
            var values = Row(r);
            for (var c = 0; c < values.Length; c++)
            {
                sheet.Cell(r + 2, c + 1).Value = values[c];
            }
        }

        book.SaveAs(path);
    }

    private static void ReadClosedXml(string path, int rows)
    {
        using var book = new XLWorkbook(path);
        var count = 0;
        foreach (var row in book.Worksheet(1).RowsUsed().Skip(1))
        {
            _ = row.Cell(1).GetString();
            _ = row.Cell(9).GetDateTime();
            count++;
        }

        Check(count, rows);
    }

    private static void WriteMiniExcel(string path, int rows)
    {
        File.Delete(path);
        MiniExcel.SaveAs(path, Rows(rows), sheetName: "托育机构");
    }

    private static IEnumerable<Dictionary<string, object>> Rows(int rows)
    {
        for (var r = 0; r < rows; r++)
        {
            var values = Row(r);
            var row = new Dictionary<string, object>(Headers.Length);
            for (var c = 0; c < values.Length; c++)
            {
                row[Headers[c]] = values[c];
            }

            yield return row;
        }
    }

    private static void ReadMiniExcel(string path, int rows)
    {
        var count = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: true))
        {
            _ = row["名称"];
            _ = row["备案日期"];
            count++;
        }

        Check(count, rows);
    }

    private static void Check(int count, int rows)
    {
        if (count != rows)
        {
            throw new InvalidOperationException($"read {count} rows of {rows}");
        }
    }
}
