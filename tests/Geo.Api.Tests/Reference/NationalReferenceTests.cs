using NetTopologySuite.Geometries;
using Geo.Analysis.Coverage;
using Geo.Api.Data.Entities;
using Geo.Api.Reference;

namespace Geo.Api.Tests.Reference;

/// <summary>
/// The reference reader against the shipped data/ files. Every expected figure is a row of
/// census-2020-counties.csv copied here, or a sum of such rows worked out in the test.
/// </summary>
public sealed class NationalReferenceTests
{
    private static readonly NationalReference Reference = NationalReference.Load();

    [Fact]
    public void Huancui_has_its_census_row_chain_subdistricts_and_boundary()
    {
        // 371002,环翠区,山东省,威海市,446193,0.0077,0.0491
        var unit = Reference.Find("371002")!;
        Assert.Equal(("环翠区", DistrictLevel.District, "371000"), (unit.Name, unit.Level, unit.ParentAdcode));
        Assert.Equal(446193, unit.Census!.Population);
        Assert.Equal(0.0077 + 0.0491 * 2 / 4, unit.Census.ShareUnder3, 12); // ages 0, 1 and 2: 0.03225
        Assert.Equal(0.03225, unit.Census.ShareUnder3, 10);

        Assert.Equal(["370000 山东省", "371000 威海市", "371002 环翠区"], Describe(Reference.Chain("371002")));
        var subdistricts = Reference.Subdistricts("371002");
        Assert.Equal(9, subdistricts.Count);
        Assert.Equal(("371002001", "环翠楼街道"), (subdistricts[0].Code, subdistricts[0].Name));
        Assert.Contains(subdistricts, s => s is { Code: "371002109", Name: "桥头镇" });

        var boundary = Reference.Boundary("371002")!;
        Assert.Equal(("环翠区", "boundaries-weihai-districts.gcj02.geojson"), (boundary.Name, boundary.SourceFile));
        AssertGcj02ShiftedFromWgs84(boundary);
    }

    [Fact]
    public void Meijiang_and_Gulou_match_their_rows_and_the_demo_share()
    {
        // 441402,梅江区,广东省,梅州市,435616,0.0086,0.0506
        var meijiang = Reference.Find("441402")!;
        Assert.Equal((435616L, 0.0086, 0.0506), (meijiang.Census!.Population, meijiang.Census.ShareAge0, meijiang.Census.ShareAge1To4));
        Assert.Equal(0.0339, meijiang.Census.ShareUnder3, 10);
        Assert.Equal(0.0086 + 0.5 * 0.0506, meijiang.Census.ShareUnder3, 12);
        Assert.Equal(["440000 广东省", "441400 梅州市", "441402 梅江区"], Describe(Reference.Chain("441402")));
        Assert.Equal(7, Reference.Subdistricts("441402").Count);
        Assert.NotNull(Reference.Boundary("441402"));

        // 350102,鼓楼区,福建省,福州市,669090,0.0071,0.042: the share the demo district's coverage uses.
        var gulou = Reference.Find("350102")!;
        Assert.Equal(669090, gulou.Census!.Population);
        Assert.Equal(0.0281, gulou.Census.ShareUnder3, 10);
        Assert.Equal(0.0071 + 0.5 * 0.042, gulou.Census.ShareUnder3, 12);
        Assert.Equal(0.0281, CensusFigures.UnderThreeShare(0.0071, 0.042), 12);
        Assert.Equal(["350000 福建省", "350100 福州市", "350102 鼓楼区"], Describe(Reference.Chain("350102")));
        Assert.Equal(10, Reference.Subdistricts("350102").Count);
        Assert.Contains(Reference.Subdistricts("350102"), s => s is { Code: "350102100", Name: "洪山镇" });
    }

    [Fact]
    public void Changchun_is_the_sum_of_its_fifteen_county_rows()
    {
        // The 长春市 rows of census-2020-counties.csv, development zones 220171–220174 and 公主岭市 220184 included.
        (long Population, double Age0, double Age1To4)[] rows =
        [
            (657682, 0.0066, 0.0345), (856177, 0.0068, 0.0354), (614021, 0.0043, 0.0243), (559966, 0.006, 0.0342),
            (714919, 0.0065, 0.0354), (335723, 0.0037, 0.0204), (613836, 0.0038, 0.0205), (763983, 0.0038, 0.0205),
            (429387, 0.0089, 0.0454), (408740, 0.0067, 0.0329), (460607, 0.0091, 0.0514), (317978, 0.0084, 0.0425),
            (836098, 0.0037, 0.0196), (635476, 0.0038, 0.0222), (862313, 0.0043, 0.0238),
        ];
        var population = rows.Sum(r => r.Population);
        Assert.Equal(9_066_906, population); // the published census figure

        var city = Reference.Find("220100")!;
        Assert.Equal(("长春市", DistrictLevel.City, "220000"), (city.Name, city.Level, city.ParentAdcode));
        Assert.Equal((population, 15), (city.Census!.Population, city.Census.CountyRows));
        Assert.Equal(rows.Sum(r => r.Population * r.Age0) / population, city.Census.ShareAge0, 12);
        Assert.Equal(rows.Sum(r => r.Population * (r.Age0 + r.Age1To4 / 2)) / population, city.Census.ShareUnder3, 12);
        Assert.Equal(0.0203, city.Census.ShareUnder3, 4);

        Assert.Equal(15, Reference.Children("220100").Count);
        Assert.Equal("长春市", Reference.Boundary("220100")!.Name); // from the province file
        Assert.Equal("公主岭市", Reference.Boundary("220184")!.Name);
    }

    [Fact]
    public void Jilin_province_is_the_sum_of_its_rows_and_has_nine_prefectures()
    {
        var province = Reference.Find("220000")!;
        Assert.Equal(("吉林省", DistrictLevel.Province, (string?)null), (province.Name, province.Level, province.ParentAdcode));
        Assert.Equal(24_073_453, province.Census!.Population); // the published census figure
        Assert.Equal(69, province.Census.CountyRows);
        Assert.Equal(0.0184, province.Census.ShareUnder3, 4);

        // Summing the cities gives the province: every row of 22xxxx belongs to one of them.
        var cities = Reference.Children("220000");
        Assert.Equal(
            ["220100 长春市", "220200 吉林市", "220300 四平市", "220400 辽源市", "220500 通化市", "220600 白山市", "220700 松原市", "220800 白城市", "222400 延边朝鲜族自治州"],
            Describe(cities));
        Assert.Equal(province.Census.Population, cities.Sum(c => c.Census!.Population));
        Assert.Equal(3_623_713, Reference.Find("220200")!.Census!.Population);
        Assert.Null(Reference.Boundary("220000")); // only the prefectures are shipped
    }

    [Fact]
    public void A_municipality_district_hangs_directly_under_the_municipality()
    {
        // 110101,东城区,北京市,北京市,708829,0.0062,0.0362
        Assert.Equal(["110000 北京市", "110101 东城区"], Describe(Reference.Chain("110101")));
        var dongcheng = Reference.Find("110101")!;
        Assert.Equal((708829L, 0.0062 + 0.0362 / 2), (dongcheng.Census!.Population, dongcheng.Census.ShareUnder3));
        Assert.Null(Reference.Find("110100")); // NBS's 市辖区 grouping is not a unit
        Assert.Equal(16, Reference.Children("110000").Count);
        Assert.Equal(["500000 重庆市", "500229 城口县"], Describe(Reference.Chain("500229")));
    }

    [Fact]
    public void Directly_administered_units_development_zones_and_cities_without_districts()
    {
        // 429004,仙桃市,湖北省,省直辖县级行政区划,1268715,0.0077,0.0397
        Assert.Equal(["420000 湖北省", "429004 仙桃市"], Describe(Reference.Chain("429004")));
        Assert.Equal(1268715, Reference.Find("429004")!.Census!.Population);
        Assert.Null(Reference.Find("429000"));

        // 220171,长春经济技术开发区: a census unit with 街道 but no polygon.
        var zone = Reference.Find("220171")!;
        Assert.True(zone.IsDevelopmentZone);
        Assert.Equal(("220100", 429387L), (zone.ParentAdcode, zone.Census!.Population));
        Assert.Null(Reference.Boundary("220171"));
        Assert.Equal(5, Reference.Subdistricts("220171").Count);
        Assert.False(Reference.Find("220184")!.IsDevelopmentZone);

        // 441900,市辖区,广东省,东莞市,10466625: the city is its own census row.
        Assert.Equal(["440000 广东省", "441900 东莞市"], Describe(Reference.Chain("441900")));
        Assert.Equal((DistrictLevel.City, 10466625L), (Reference.Find("441900")!.Level, Reference.Find("441900")!.Census!.Population));

        // 350527 金门县 was not enumerated.
        Assert.Null(Reference.Find("350527")!.Census);
    }

    [Fact]
    public void The_provinces_add_up_to_the_census_total()
    {
        var provinces = Reference.Units.Where(u => u.Level == DistrictLevel.Province).ToList();
        Assert.Equal(31, provinces.Count);
        Assert.Equal(1_409_778_724, provinces.Sum(p => p.Census!.Population));
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("371099")]
    [InlineData("37100")]
    [InlineData("")]
    public void An_unknown_adcode_gives_nothing(string adcode)
    {
        Assert.Null(Reference.Find(adcode));
        Assert.Empty(Reference.Chain(adcode));
        Assert.Empty(Reference.Subdistricts(adcode));
        Assert.Null(Reference.Boundary(adcode));
    }

    [Fact]
    public void A_malformed_census_file_is_refused_naming_the_file_and_line()
    {
        var folder = Directory.CreateTempSubdirectory("reference-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, NationalReference.CensusFile),
                "adcode,name,province,city,population,share_age_0,share_age_1_4\n371002,环翠区,山东省,威海市,446193,0.0077\n");
            var error = Assert.Throws<InvalidDataException>(() => NationalReference.Load(folder));
            Assert.Contains("census-2020-counties.csv: line 2", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<string> Describe(IEnumerable<ReferenceUnit> units) => units.Select(u => $"{u.Adcode} {u.Name}").ToList();

    /// <summary>GCJ-02 lies a few hundred metres from WGS-84 in China: converting moves the boundary, but not far.</summary>
    private static void AssertGcj02ShiftedFromWgs84(ReferenceBoundary boundary)
    {
        Assert.Equal(0, boundary.Gcj02.SRID);
        var wgs84 = boundary.ToWgs84();
        Assert.Equal(4326, wgs84.SRID);
        Coordinate before = boundary.Gcj02.Centroid.Coordinate, after = wgs84.Centroid.Coordinate;
        var shift = Math.Sqrt(Math.Pow((before.X - after.X) * 111_320 * Math.Cos(after.Y * Math.PI / 180), 2) + Math.Pow((before.Y - after.Y) * 110_540, 2));
        Assert.InRange(shift, 100, 1_000);
    }
}
