using System.Text;
using Geo.Api.Data.Entities;
using Geo.Api.Features.ImportExport;
using static Geo.Api.Tests.ImportExport.ImportFiles;
using static Geo.Api.Tests.ImportExport.Spreadsheets;

namespace Geo.Api.Tests.ImportExport;

/// <summary>Imports of sheets as planners keep them: Chinese headers and words, title rows, merged cells, every problem at once.</summary>
public sealed class SpreadsheetImportTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_gbk_csv_with_chinese_headers_values_and_gcj02_coordinates_goes_in_at_once()
    {
        var csv = TextEncodings.Gbk.GetBytes(Csv(InstitutionHeaders, Places.Select((_, k) => InstitutionRow(k))));

        var report = await JsonAsync(await PostAsync(Client, "institutions", csv, "托育机构名单.csv", "crs=GCJ-02&encoding=gbk&mode=commit"));

        Assert.True(report.GetProperty("committed").GetBoolean(), report.ToString());
        var columns = report.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("column").GetString()!, c => c.GetProperty("field").GetString());
        Assert.Equal("approved_slots", columns["托位"]);
        Assert.Equal("nature", columns["性质"]);
        Assert.Equal("filing_status", columns["备案状态"]);
        Assert.Equal("is_puhui", columns["是否普惠"]);
        Assert.Equal("subdistrict_code", columns["所属街道"]);
        Assert.Contains("subdistrict_code", report.GetProperty("ignored_columns").EnumerateArray().Select(c => c.GetString()));
        // 备案中 is read as unfiled, and the report says so on its row (line 3: header = line 1).
        var second = report.GetProperty("row_reports").EnumerateArray().Single(r => r.GetProperty("row").GetInt32() == 3);
        Assert.Contains(second.GetProperty("problems").EnumerateArray(),
            p => p.GetProperty("severity").GetString() == "warning" && p.GetProperty("message").GetString()!.StartsWith("'备案中'", StringComparison.Ordinal));

        await using var db = Fixture.CreateDbContext();
        var stored = await db.Institutions.ToDictionaryAsync(i => i.Name);
        var first = stored[Places[0].Name];
        Assert.Equal((InstitutionNature.PublicInstitution, 1200, 10, true, FilingStatus.Filed, new DateOnly(2024, 3, 1)),
            (first.Nature, first.ApprovedSlots, first.EnrolledSlots, first.IsPuhui, first.FilingStatus, first.FiledOn!.Value));
        Assert.Equal((InstitutionNature.NonProfit, 41, FilingStatus.Unfiled, false), (stored[Places[1].Name].Nature, stored[Places[1].Name].ApprovedSlots,
            stored[Places[1].Name].FilingStatus, stored[Places[1].Name].IsPuhui));
        Assert.Equal(InstitutionNature.ForProfit, stored[Places[2].Name].Nature);
        Assert.Equal(OperatorType.HomeBased, stored[Places[3].Name].OperatorType);
        Assert.Equal([ServiceType.FullDay, ServiceType.Hourly], first.ServiceTypes);
        Assert.All(Places, p => Assert.True(Metres(stored[p.Name].Location, p.Lon, p.Lat) < 0.5, p.Name));
    }

    [Theory]
    [InlineData("utf-8", false)]
    [InlineData("gbk", true)]
    public async Task Every_problem_of_every_row_is_reported_in_one_pass_with_the_sheets_line_numbers(string encoding, bool titleLine)
    {
        var rows = Places.Select((_, k) => InstitutionRow(k)).ToList();
        rows[0][0] = null;                 // no name
        rows[0][1] = "91350102MA12345678"; // bad check character
        rows[0][3] = "公私合营";           // not a 性质
        rows[1][6] = "约40个";             // a hedged number is not read
        rows[1][9] = "已经备了";           // not a 备案状态
        (rows[2][12], rows[2][13]) = (rows[2][13], rows[2][12]); // 经度/纬度 swapped
        // A sheet saved as CSV keeps its title line above the header: the lines then start one lower.
        var text = (titleLine ? "鼓楼区托育机构名单（2024年）" + new string(',', InstitutionHeaders.Length - 1) + "\r\n" : "") + Csv(InstitutionHeaders, rows);
        var csv = encoding == "gbk" ? TextEncodings.Gbk.GetBytes(text) : Encoding.UTF8.GetBytes(text);
        var shift = titleLine ? 1 : 0;

        var response = await PostAsync(Client, "institutions", csv, "机构.csv", $"crs=GCJ-02&mode=commit&encoding={encoding}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var reports = (await JsonAsync(response)).GetProperty("report").GetProperty("row_reports").EnumerateArray()
            .ToDictionary(r => r.GetProperty("row").GetInt32() - shift, r => r.GetProperty("problems").EnumerateArray().Where(p => p.GetProperty("severity").GetString() == "error")
                .Select(p => (p.GetProperty("field").GetString()!, p.GetProperty("message").GetString()!)).ToList());
        Assert.Equal([2, 3, 4, 5], reports.Keys.Order());
        Assert.Equal(["credit_code", "name", "nature"], reports[2].Select(p => p.Item1).Order());
        Assert.Contains("public_institution (公办)", reports[2].Single(p => p.Item1 == "nature").Item2, StringComparison.Ordinal);
        Assert.Equal(["approved_slots", "filing_status"], reports[3].Select(p => p.Item1).Order());
        Assert.Contains("'约40个' is not a number", reports[3].Single(p => p.Item1 == "approved_slots").Item2, StringComparison.Ordinal);
        Assert.Contains("经度和纬度似乎互换了", Assert.Single(reports[4]).Item2, StringComparison.Ordinal);
        Assert.Empty(reports[5]);
        Assert.Equal("0,0,0,0,0", await CountsAsync(Fixture));
    }

    [Fact]
    public async Task Mapping_sent_as_a_form_field_names_the_columns()
    {
        var csv = "jgmc,credit_code,jd,wd,nature,operator_type,approved_slots,enrolled_slots,filing_status,status\r\n" +
            $"{Places[0].Name},{Code(1)},{Places[0].Lon},{Places[0].Lat},公办,独立设置,40,10,已备案,运营中\r\n";
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent("{\"jgmc\":\"name\",\"jd\":\"lon\",\"wd\":\"lat\"}"), "mapping");
        content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "jg.csv");

        var report = await JsonAsync(await Client.PostAsync("/api/import/institutions?crs=EPSG:4326", content));

        Assert.Equal(1, report.GetProperty("create").GetInt32());
        Assert.Contains(report.GetProperty("columns").EnumerateArray(),
            c => c.GetProperty("column").GetString() == "jgmc" && c.GetProperty("field").GetString() == "name" && c.GetProperty("by").GetString() == "mapping");
    }

    [Fact]
    public async Task Residential_areas_without_kind_take_the_default_or_their_completion_year()
    {
        string[] headers = ["小区名称", "经度", "纬度", "户数", "建成年份"];
        var rows = Places.Select((p, k) => new object?[] { p.Name + "小区", p.Lon, p.Lat, $"{4966 + k}户", k == 0 ? "2021" : k == 1 ? "1998年" : null }).ToList();
        var csv = Encoding.UTF8.GetBytes(Csv(headers, rows));

        var refused = await JsonAsync(await PostAsync(Client, "residential-areas", csv, "小区.csv", "crs=EPSG:4326"));
        var withDefault = await JsonAsync(await PostAsync(Client, "residential-areas", csv, "小区.csv", "crs=EPSG:4326&default_kind=已建成&mode=commit"));

        Assert.Equal(2, refused.GetProperty("errors").GetInt32()); // the two rows without a year, and no default given
        Assert.True(withDefault.GetProperty("committed").GetBoolean(), withDefault.ToString());
        await using var db = Fixture.CreateDbContext();
        var stored = await db.ResidentialAreas.OrderBy(a => a.Households).ToListAsync();
        Assert.Equal([ResidentialKind.New, ResidentialKind.Old, ResidentialKind.Old, ResidentialKind.Old], stored.Select(a => a.Kind));
        Assert.Equal(4966, stored[0].Households);
    }

    [Fact]
    public async Task New_areas_bring_their_facility_obligation_in_chinese_columns()
    {
        string[] headers = ["小区名称", "经度", "纬度", "常住人口", "居住区类型", "交房日期", "配建地块编码", "配建托位（个）", "配建设施状态", "设施交付日期"];
        var rows = new List<object?[]>
        {
            new object?[] { "新苑一期", Places[0].Lon, Places[0].Lat, 2000, "新建", "2024-06-30", "GL-01", 20, "已交付", "2024-06-01" },
            new object?[] { "新苑二期", Places[1].Lon, Places[1].Lat, 1500, "新建", "2025-12-31", "GL-02", null, "建设中", null },
            new object?[] { "老街小区", Places[2].Lon, Places[2].Lat, 900, "老城区", "2024-06-30", null, null, null, null },
        };
        var csv = Encoding.UTF8.GetBytes(Csv(headers, rows));

        var refused = await JsonAsync(await PostAsync(Client, "residential-areas", csv, "新建小区.csv", "crs=EPSG:4326"));
        Assert.Equal(1, refused.GetProperty("errors").GetInt32()); // an old area carries no obligation
        var committed = await JsonAsync(await PostAsync(Client, "residential-areas", Encoding.UTF8.GetBytes(Csv(headers, rows.Take(2))), "新建小区.csv", "crs=EPSG:4326&mode=commit"));
        Assert.True(committed.GetProperty("committed").GetBoolean(), committed.ToString());
        await using var db = Fixture.CreateDbContext();
        var stored = await db.ResidentialAreas.OrderBy(a => a.Name).ToListAsync();
        Assert.Equal((new DateOnly(2024, 6, 30), "GL-01", 20, FacilityStatus.Delivered, new DateOnly(2024, 6, 1)),
            (stored[0].HandoverOn!.Value, stored[0].FacilityParcelCode!, stored[0].FacilitySlots!.Value, stored[0].FacilityStatus!.Value, stored[0].FacilityDeliveredOn!.Value));
        Assert.Equal((FacilityStatus.UnderConstruction, (DateOnly?)null), (stored[1].FacilityStatus!.Value, stored[1].FacilityDeliveredOn));
    }

    [Fact]
    public async Task The_same_rows_under_another_file_name_are_unchanged()
    {
        var csv = Encoding.UTF8.GetBytes(Csv(InstitutionHeaders, Places.Select((_, k) => InstitutionRow(k))));
        await PostAsync(Client, "institutions", csv, "名单-2024年3月.csv", "crs=GCJ-02&mode=commit");

        var again = await JsonAsync(await PostAsync(Client, "institutions", csv, "名单-最终版.csv", "crs=GCJ-02&mode=commit"));

        Assert.Equal(Places.Length, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, again.GetProperty("changes").GetInt32());
    }

    [Fact]
    public async Task An_xlsx_with_a_title_row_merged_cells_and_dates_is_read_with_excel_line_numbers()
    {
        var rows = Places.Select((_, k) => InstitutionRow(k)).ToList();
        foreach (var row in rows.Skip(1))
        {
            row[11] = null; // 运营状态 L3:L6 is one merged cell
        }

        rows[3][1] = "123"; // a bad credit code on line 6
        var workbook = Xlsx("鼓楼区托育机构名单（2024年）", InstitutionHeaders, rows, "机构", "A1:O1", "L3:L6");

        var dry = await JsonAsync(await PostAsync(Client, "institutions", workbook, "名单.xlsx", "crs=GCJ-02&sheet=机构"));

        Assert.Equal("xlsx", dry.GetProperty("format").GetString());
        var reports = dry.GetProperty("row_reports").EnumerateArray().ToList();
        Assert.Equal([3, 4, 5, 6], reports.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal(["create", "create", "create", "error"], reports.Select(r => r.GetProperty("action").GetString()));
        Assert.Equal("credit_code", Assert.Single(reports[3].GetProperty("problems").EnumerateArray()).GetProperty("field").GetString());

        rows[3][1] = Code(4);
        var report = await JsonAsync(await PostAsync(Client, "institutions", Xlsx("名单", InstitutionHeaders, rows, "机构", "A1:O1", "L3:L6"), "名单.xlsx", "crs=GCJ-02&mode=commit"));
        Assert.True(report.GetProperty("committed").GetBoolean(), report.ToString());
        await using var db = Fixture.CreateDbContext();
        var stored = await db.Institutions.ToDictionaryAsync(i => i.Name);
        Assert.All(stored.Values, i => Assert.Equal(InstitutionStatus.Operating, i.Status));
        Assert.Equal(new DateOnly(2024, 3, 3), stored[Places[2].Name].FiledOn);
        Assert.Equal(1200, stored[Places[0].Name].ApprovedSlots);
    }

    [Fact]
    public async Task An_xlsx_with_a_two_row_merged_header_reports_every_bad_row_once_with_excel_line_numbers()
    {
        // Line 2 groups the columns (托位情况 over 托位/在托人数, 坐标（高德） over 经度/纬度); every other header cell
        // spans lines 2 and 3, so line 3 holds the column names only through the merges. Data from line 4.
        string?[] group = InstitutionHeaders.Select((h, c) => c is 6 or 7 ? "托位情况" : c is 12 or 13 ? "坐标（高德）" : h).ToArray();
        string?[] names = InstitutionHeaders.Select((h, c) => c is 6 or 7 or 12 or 13 ? h : null).ToArray();
        var rows = Places.Select((_, k) => InstitutionRow(k)).ToList();
        rows[0][3] = "公私合营";            // not a 性质
        rows[0][6] = "约40个";              // a hedged number
        rows[2][0] = null;                  // no name
        rows[2][1] = "91350102MA12345678";  // bad check character
        string[] merges = ["A1:O1", "G2:H2", "M2:N2", .. "ABCDEFIJKLO".Select(c => $"{c}2:{c}3")];

        var response = await PostAsync(Client, "institutions", Xlsx("鼓楼区托育机构名单", [group, names], rows, "Sheet1", merges), "名单.xlsx", "crs=GCJ-02&mode=commit");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var report = (await JsonAsync(response)).GetProperty("report");
        var reports = report.GetProperty("row_reports").EnumerateArray().ToDictionary(r => r.GetProperty("row").GetInt32(),
            r => r.GetProperty("problems").EnumerateArray().Where(p => p.GetProperty("severity").GetString() == "error").Select(p => p.GetProperty("field").GetString()!).Order().ToList());
        Assert.Equal([4, 5, 6, 7], reports.Keys.Order());
        Assert.Equal(["approved_slots", "nature"], reports[4]);
        Assert.Empty(reports[5]);
        Assert.Equal(["credit_code", "name"], reports[6]);
        Assert.Empty(reports[7]);
        var columns = report.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("column").GetString()!, c => c.GetProperty("field").GetString());
        Assert.Equal(("name", "approved_slots", "enrolled_slots"), (columns["机构名称"], columns["托位"], columns["在托人数"]));
        Assert.Equal("0,0,0,0,0", await CountsAsync(Fixture));
    }

    [Fact]
    public async Task A_named_sheet_that_is_missing_is_named_in_the_error()
    {
        var workbook = Xlsx("名单", InstitutionHeaders, [InstitutionRow(0)], "机构");

        var response = await PostAsync(Client, "institutions", workbook, "名单.xlsx", "crs=GCJ-02&sheet=小区");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no sheet '小区'; its sheets: 机构", (await JsonAsync(response)).GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4966户", 4966)]
    [InlineData("1,200", 1200)]
    [InlineData("12.5万", 125000)]
    [InlineData("3,000.5 m²", 3000.5)]
    public void Numbers_with_units_and_grouping_are_read(string text, double expected)
    {
        Assert.True(AttributeCoercion.TryReadNumber(text, out var number));
        Assert.Equal((decimal)expected, number);
    }

    [Theory]
    [InlineData("约40个")]
    [InlineData("40左右")]
    [InlineData("1,20")]
    [InlineData("三十")]
    public void Hedged_or_malformed_numbers_are_not_read(string text) => Assert.False(AttributeCoercion.TryReadNumber(text, out _));

    [Fact]
    public void Every_enumeration_word_of_the_vocabulary_reads_back_to_its_word()
    {
        foreach (var (type, words) in SpreadsheetVocabulary.Values)
        {
            foreach (var (word, chinese) in words)
            {
                Assert.Equal(word, SpreadsheetVocabulary.WordOf(chinese[0], type));
            }
        }

        Assert.Equal("approved_slots", SpreadsheetVocabulary.FieldOf("核定托位（个）"));
        Assert.Equal("approved_slots", SpreadsheetVocabulary.FieldOf("托位数(个)"));
    }
}
