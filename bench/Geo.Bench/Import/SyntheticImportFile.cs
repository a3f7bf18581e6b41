using System.Globalization;
using System.Text;
using Geo.Analysis.Coordinates;
using Geo.Api.Domain;

namespace Geo.Bench.Import;

/// <summary>
/// A synthetic institution list as a planner would receive it: a UTF-8 CSV with coordinates picked on Amap
/// (GCJ-02), credit codes, enumerations as words, spread over 福州's urban districts. Deterministic per seed.
/// </summary>
public static class SyntheticImportFile
{
    public static void WriteInstitutionsCsv(string path, int rows, int seed = 20_261_123)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        writer.Write("name,credit_code,lng,lat,nature,operator_type,service_types,approved_slots,enrolled_slots,filing_status,status,address\r\n");
        for (var k = 0; k < rows; k++)
        {
            var (lon, lat) = Crs.Gcj02.FromWgs84(119.20 + random.NextDouble() * 0.2, 26.00 + random.NextDouble() * 0.15);
            var first17 = "52350102MJ" + k.ToString("D7", CultureInfo.InvariantCulture);
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"合成托育机构{k},{first17}{CreditCode.CheckCharacter(first17)},{lon:F7},{lat:F7},non_profit,independent,\"full_day,hourly\"," +
                $"{40 + k % 60},{k % 40},filed,operating,福州市鼓楼区合成路{k}号\r\n"));
        }
    }
}
