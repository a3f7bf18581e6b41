using CoverageClass = Geo.Analysis.Coverage.CoverageClass;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// The Chinese words of spreadsheets, in one place: the headers planners give each field and the words they
/// write for each enumeration. Import reads every synonym; export writes the first (headers carry their unit,
/// 托位/人/户/m²/米, in one form). Extend the tables here, never at the reader that meets a new word.
/// </summary>
public static class SpreadsheetVocabulary
{
    /// <summary>Field → its headers, the first being the one exports write. Fields of every layer and analysis export.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Headers = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["id"] = ["编号", "序号", "ID"],
        ["lon"] = ["经度", "东经", "lng", "X坐标（经度）"],
        ["lat"] = ["纬度", "北纬", "Y坐标（纬度）"],
        ["x"] = ["X坐标", "横坐标"],
        ["y"] = ["Y坐标", "纵坐标"],
        ["wkt"] = ["几何（WKT）", "WKT", "几何"],
        ["name"] = ["名称", "机构名称", "托育机构名称", "单位名称", "小区名称", "居住区名称", "地块名称", "场所名称", "母婴室名称"],
        ["credit_code"] = ["统一社会信用代码", "信用代码", "社会信用代码", "机构代码"],
        ["address"] = ["地址", "机构地址", "详细地址", "所在地址"],
        ["nature"] = ["性质", "机构性质", "举办性质", "办学性质"],
        ["operator_type"] = ["举办类型", "举办方式", "机构类型"],
        ["service_types"] = ["收托类型", "托育类型", "服务类型", "托育形式"],
        ["classes"] = ["班级", "班级设置"],
        ["approved_slots"] = ["核定托位（个）", "托位", "核定托位", "托位数", "核定托位数", "托位数（个）", "备案托位"],
        ["enrolled_slots"] = ["在托人数（人）", "在托", "在托人数", "在托婴幼儿数", "实际收托"],
        ["vacancies"] = ["空余托位（个）", "空余托位"],
        ["is_puhui"] = ["是否普惠", "普惠", "普惠性", "普惠托位"],
        ["is_demonstration"] = ["是否示范", "示范", "示范性"],
        ["is_standardised"] = ["是否规范化", "规范化"],
        ["filing_status"] = ["备案状态", "备案情况", "是否备案", "备案"],
        ["filed_on"] = ["备案日期", "备案时间"],
        ["quality_grade"] = ["质量等级", "等级评定", "评估等级"],
        ["monthly_fee_min"] = ["最低月收费（元）", "收费", "月收费", "收费标准", "最低收费"],
        ["monthly_fee_max"] = ["最高月收费（元）", "最高收费"],
        ["phone"] = ["联系电话", "电话", "联系方式"],
        ["opening_hours"] = ["开放时间", "服务时间", "营业时间"],
        ["floor"] = ["楼层", "所在楼层"],
        ["status"] = ["状态", "运营状态", "经营状态", "地块状态"],
        ["households"] = ["户数（户）", "户数", "总户数", "住户数"],
        ["population"] = ["人口（人）", "人口", "常住人口", "人口数", "居住人口"],
        ["population_is_estimated"] = ["人口为估算", "人口估算"],
        ["kind"] = ["居住区类型", "类型", "新建/老旧", "小区类型"],
        ["completion_year"] = ["建成年份", "竣工年份", "建成年代", "建成时间"],
        ["handover_on"] = ["住宅交付日期", "交付日期", "住宅交付时间", "交房日期"],
        ["facility_institution_id"] = ["配建托育机构编号", "配建机构编号"],
        ["facility_parcel_code"] = ["配建地块编码", "配建托育地块编码"],
        ["facility_slots"] = ["配建托位（个）", "配建托位", "配建托位数"],
        ["facility_status"] = ["配建设施状态", "托育设施状态"],
        ["facility_delivered_on"] = ["设施交付日期", "托育设施交付日期", "配建设施交付日期"],
        ["reserved_on"] = ["储备日期", "纳入储备日期", "入库日期"],
        ["code"] = ["地块编码", "地块编号", "编码", "宗地编码", "行政区划代码", "区划代码", "adcode"],
        ["level"] = ["级别", "行政级别", "区划级别"],
        ["parent_code"] = ["上级代码", "上级区划代码", "上级行政区划代码"],
        ["land_use"] = ["用地性质", "用地类型", "土地用途"],
        ["owner"] = ["权属", "权属单位", "产权单位"],
        ["allocation_eligible"] = ["可划拨", "是否可划拨"],
        ["area_m2"] = ["面积（m²）", "面积", "用地面积", "占地面积"],
        ["venue_name"] = ["所在场所", "场所"],
        ["venue_type"] = ["场所类型"],
        ["place_type"] = ["场所类型（公共场所）", "公共场所类型"],
        ["public_place_id"] = ["公共场所编号"],
        ["usable_area_m2"] = ["使用面积（m²）", "使用面积"],
        ["equipment"] = ["配置设施", "设施", "设施设备"],
        ["missing_equipment"] = ["缺少设施"],
        ["compliant"] = ["是否达标", "达标"],
        ["access_notes"] = ["使用说明", "备注"],
        ["building_area_m2"] = ["建筑面积（m²）", "建筑面积"],
        ["daily_visitors"] = ["日均客流（人次）", "日均客流", "日客流量"],
        ["requires_nursing_room"] = ["应建母婴室", "是否应建母婴室"],
        ["subdistrict_code"] = ["所属街道", "街道", "所属街道（乡镇）", "街道代码", "乡镇街道"],
        ["district_code"] = ["所属区县", "区县代码"],
        ["data_source"] = ["数据来源", "来源"],
        ["source_crs"] = ["原坐标系", "坐标系"],
        ["updated_at"] = ["更新时间"],
        ["version"] = ["版本"],
        // Analysis exports (coverage per residential area, priority parcels).
        ["children_under3"] = ["0-3岁婴幼儿（人）"],
        ["required_slots"] = ["应配托位（个）"],
        ["accessible_slots"] = ["可达托位（个）"],
        ["accessible_per_thousand"] = ["每千人可达托位（个）"],
        ["standard_per_thousand"] = ["每千人托位标准（个）"],
        ["gap"] = ["托位缺口（个）"],
        ["class"] = ["覆盖等级"],
        ["institutions_in_reach"] = ["可达机构数（个）"],
        ["nearest_m"] = ["最近机构距离（米）"],
        ["rank"] = ["排名"],
        ["score"] = ["得分"],
        ["reason"] = ["推荐理由"],
        ["unmet_demand"] = ["未满足需求（个）"],
        ["residential_areas_within"] = ["周边居住区（个）"],
        ["estimated_places"] = ["可建托位（个）"],
        ["compatible_land_use"] = ["用地兼容"],
        ["size_adequate"] = ["面积达标"],
        ["components"] = ["得分构成"],
    };

    /// <summary>Enumeration → its words (snake_case) → the Chinese a spreadsheet writes, the first being the one exports write.</summary>
    public static readonly IReadOnlyDictionary<Type, IReadOnlyDictionary<string, string[]>> Values = new Dictionary<Type, IReadOnlyDictionary<string, string[]>>
    {
        [typeof(InstitutionNature)] = Words(
            ("public_institution", ["公办", "事业单位", "公立", "公办机构"]),
            ("non_profit", ["民办非营利", "民办非营利性", "非营利", "非营利性", "民办非企业", "民非"]),
            ("for_profit", ["营利", "营利性", "民办营利", "民办营利性", "企业"])),
        [typeof(OperatorType)] = Words(
            ("independent", ["独立设置", "独立举办", "独立"]),
            ("kindergarten_class", ["幼儿园托班", "托幼一体", "幼儿园"]),
            ("employer", ["用人单位", "单位办托", "用人单位办托"]),
            ("community", ["社区", "社区嵌入式", "社区办托"]),
            ("home_based", ["家庭托育点", "家庭托育", "家庭式"])),
        [typeof(ServiceType)] = Words(
            ("full_day", ["全日托", "全日制", "全托"]),
            ("half_day", ["半日托", "半日制"]),
            ("hourly", ["计时托", "计时"]),
            ("occasional", ["临时托", "临时"])),
        [typeof(ClassType)] = Words(
            ("infant", ["乳儿班"]), ("toddler", ["托小班"]), ("older", ["托大班"]), ("mixed", ["混龄班"])),
        // 备案中 (filing submitted, not yet granted) is not filed: read as 未备案, and said as a warning.
        [typeof(FilingStatus)] = Words(
            ("unfiled", ["未备案", "否", "无", "备案中", "申请中", "审核中"]),
            ("filed", ["已备案", "备案", "是", "已完成备案"]),
            ("non_compliant", ["不符合备案条件", "不予备案", "不合格", "整改中"]),
            ("cancelled", ["已注销", "注销", "撤销备案", "已撤销"])),
        [typeof(QualityGrade)] = Words(("a", ["A级", "A"]), ("b", ["B级", "B"]), ("c", ["C级", "C"]), ("d", ["D级", "D"])),
        [typeof(InstitutionStatus)] = Words(
            ("operating", ["运营中", "运营", "正常运营", "营业", "在营", "开业"]),
            ("planned", ["筹建中", "筹建", "规划", "在建", "拟建"]),
            ("closed", ["已关闭", "关闭", "停业", "歇业", "关停"])),
        [typeof(VenueType)] = Words(
            ("transport_hub", ["交通枢纽", "车站", "机场", "地铁站"]),
            ("mall", ["商场", "商业综合体", "购物中心"]),
            ("hospital", ["医院", "妇幼保健院"]),
            ("tourist_site", ["旅游景区", "景区", "公园"]),
            ("township_health_centre", ["乡镇卫生院", "卫生院"]),
            ("community_health_centre", ["社区卫生服务中心", "社区卫生服务站"]),
            ("workplace", ["用人单位", "工作场所", "机关单位"]),
            ("other", ["其他"])),
        [typeof(NursingRoomEquipment)] = Words(
            ("changing_table", ["护理台", "尿布台", "婴儿护理台"]),
            ("basin_hot_water", ["洗手台（热水）", "洗手台", "热水洗手池"]),
            ("crib", ["婴儿床"]),
            ("nursing_chair", ["哺乳椅", "座椅"]),
            ("table", ["桌子", "置物台"]),
            ("power_socket", ["电源插座", "插座"]),
            ("call_device", ["呼叫装置", "紧急呼叫"]),
            ("bin", ["垃圾桶"]),
            ("lockable_door", ["可上锁的门", "门锁"])),
        [typeof(ResidentialKind)] = Words(
            ("new", ["新建", "新建居住区", "新建小区", "新区"]),
            ("old", ["已建成", "老旧", "老城区", "老旧小区", "已建成居住区", "建成区"])),
        [typeof(LandUse)] = Words(
            ("education", ["教育用地", "教育", "教育科研用地"]),
            ("health_care", ["医疗卫生用地", "医疗卫生"]),
            ("social_welfare", ["社会福利用地", "社会福利"]),
            ("commercial", ["商业用地", "商业", "商服用地"]),
            ("residential_service", ["社区服务设施用地", "社区服务", "居住服务"]),
            ("residential", ["居住用地", "住宅用地", "住宅"]),
            ("industrial", ["工业用地", "工业"]),
            ("green_space", ["绿地", "公园绿地", "绿地与广场用地"]),
            ("other", ["其他"])),
        [typeof(ParcelStatus)] = Words(
            ("idle", ["闲置"]), ("low_efficiency", ["低效", "低效用地"]), ("compatible", ["兼容", "可兼容"]),
            ("reserve", ["储备", "储备用地"]), ("sold", ["已出让", "出让"])),
        [typeof(FacilityStatus)] = Words(
            ("planned", ["规划中", "未开工", "已规划"]), ("under_construction", ["建设中", "施工中"]), ("delivered", ["已交付", "已交付使用", "已验收交付"])),
        [typeof(CoverageClass)] = Words(("covered", ["已覆盖"]), ("under_supplied", ["供给不足"]), ("unserved", ["未覆盖"])),
    };

    /// <summary>Chinese words that are read as a word but not an exact equivalent, with what the report says of them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Approximate = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["备案中"] = "'备案中' 按未备案 (unfiled) 读入：备案尚未完成 (filing submitted, not yet granted)",
        ["申请中"] = "'申请中' 按未备案 (unfiled) 读入：备案尚未完成 (filing submitted, not yet granted)",
        ["审核中"] = "'审核中' 按未备案 (unfiled) 读入：备案尚未完成 (filing submitted, not yet granted)",
        ["整改中"] = "'整改中' 按不符合备案条件 (non_compliant) 读入",
    };

    public static readonly string[] True = ["是", "√", "✓", "有", "已", "普惠"];
    public static readonly string[] False = ["否", "×", "✗", "无", "未", "非普惠"];

    /// <summary>Data sources as a reader of the sheet says them (the stored text stays as is for machine exports).</summary>
    public static string DataSource(string stored) =>
        stored.StartsWith("import: ", StringComparison.Ordinal) ? "导入：" + stored["import: ".Length..]
        : stored.StartsWith("demo (synthetic)", StringComparison.Ordinal) ? "演示数据（合成）" + stored["demo (synthetic)".Length..].Replace(": ", "：", StringComparison.Ordinal)
        : stored.StartsWith("demo (real: data/)", StringComparison.Ordinal) ? "演示数据（真实，data/）" + stored["demo (real: data/)".Length..].Replace(": ", "：", StringComparison.Ordinal)
        : stored == "api" ? "接口录入" : stored;

    private static readonly Dictionary<string, string> FieldByHeader = BuildFieldByHeader();

    private static readonly Dictionary<string, (string Word, Type Type)[]> WordsByChinese = BuildWordsByChinese();

    /// <summary>The field a header names, when it is one of <see cref="Headers"/> (with or without its unit in brackets).</summary>
    public static string? FieldOf(string header)
    {
        var trimmed = header.Trim();
        if (FieldByHeader.TryGetValue(trimmed, out var field))
        {
            return field;
        }

        var unit = trimmed.IndexOfAny(['（', '(']);
        return unit > 0 && FieldByHeader.TryGetValue(trimmed[..unit].Trim(), out field) ? field : null;
    }

    /// <summary>The snake_case word a Chinese value stands for in an enumeration, or null.</summary>
    public static string? WordOf(string text, Type enumType) =>
        WordsByChinese.TryGetValue(text.Trim(), out var words) ? words.FirstOrDefault(w => w.Type == enumType).Word : null;

    /// <summary>The Chinese an export writes for a word of an enumeration the vocabulary knows, else null.</summary>
    public static string? ChineseOf(string word, Type enumType) =>
        Values.TryGetValue(enumType, out var words) && words.TryGetValue(word, out var chinese) ? chinese[0] : null;

    /// <summary>The enumerations a field's words come from (export columns are untyped JSON; status is two layers' field).</summary>
    private static readonly Dictionary<string, Type[]> FieldTypes = new(StringComparer.Ordinal)
    {
        ["nature"] = [typeof(InstitutionNature)], ["operator_type"] = [typeof(OperatorType)], ["service_types"] = [typeof(ServiceType)],
        ["filing_status"] = [typeof(FilingStatus)], ["quality_grade"] = [typeof(QualityGrade)],
        ["status"] = [typeof(InstitutionStatus), typeof(ParcelStatus)], ["venue_type"] = [typeof(VenueType)], ["place_type"] = [typeof(VenueType)],
        ["equipment"] = [typeof(NursingRoomEquipment)], ["missing_equipment"] = [typeof(NursingRoomEquipment)],
        ["kind"] = [typeof(ResidentialKind)], ["facility_status"] = [typeof(FacilityStatus)], ["land_use"] = [typeof(LandUse)], ["class"] = [typeof(CoverageClass)],
    };

    /// <summary>The Chinese of a word in a field's enumeration, or null when the field has none or the word is not one.</summary>
    public static string? ChineseOf(string field, string word) =>
        FieldTypes.TryGetValue(field, out var types) ? types.Select(t => ChineseOf(word, t)).FirstOrDefault(c => c is not null) : null;

    private static Dictionary<string, string[]> Words(params (string Word, string[] Chinese)[] words) =>
        words.ToDictionary(w => w.Word, w => w.Chinese, StringComparer.Ordinal);

    private static Dictionary<string, string> BuildFieldByHeader()
    {
        var byHeader = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, headers) in Headers)
        {
            foreach (var header in headers)
            {
                if (!byHeader.TryAdd(header, field))
                {
                    throw new InvalidOperationException($"header {header} names both {byHeader[header]} and {field}");
                }
            }
        }

        return byHeader;
    }

    private static Dictionary<string, (string, Type)[]> BuildWordsByChinese() =>
        Values.SelectMany(t => t.Value.SelectMany(w => w.Value.Select(chinese => (Chinese: chinese, Word: w.Key, Type: t.Key))))
            .GroupBy(e => e.Chinese, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(e => (e.Word, e.Type)).ToArray(), StringComparer.OrdinalIgnoreCase);
}
