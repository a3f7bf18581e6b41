using System.Globalization;
using Geo.Analysis.Siting;
using Geo.Api.Features.ImportExport;
using AnalysisStatus = Geo.Analysis.Siting.ParcelStatus;

namespace Geo.Api.Features.PriorityParcels;

/// <summary>
/// The sentence a land officer reads beside each rank. The ranking is by tiers before score (<see cref="ParcelPriority"/>:
/// 已出让 last, then incompatible land use, then sites under the minimum area, then 兼容/储备 after 闲置/低效), so a
/// parcel can rank above one with a higher score: the sentence names the tier rule that put it there and the parcels
/// it passed or was passed by, so "第2位" beside a lower score is never left unexplained. Area is written 平方米, as
/// everywhere the page writes it.
/// </summary>
public static class PriorityParcelReasons
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>How many parcels a sentence names before it says "等 N 块".</summary>
    private const int Named = 2;

    /// <summary>One sentence per ranked parcel, in the ranking's order; <paramref name="words"/> gives a parcel's stored words by id.</summary>
    /// <param name="onFoot">The radius was walked on the street network: the sentence says 步行.</param>
    public static IReadOnlyList<string> For(IReadOnlyList<PriorityParcel> ranked, ParcelPriorityOptions options,
        Func<string, (LandUse LandUse, Data.Entities.ParcelStatus Status)> words, bool onFoot = false)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(options);
        return [.. ranked.Select((r, k) => Sentence(r, k, ranked, options, words(r.Parcel.Id), onFoot))];
    }

    private static string Sentence(PriorityParcel r, int index, IReadOnlyList<PriorityParcel> ranked, ParcelPriorityOptions options,
        (LandUse LandUse, Data.Entities.ParcelStatus Status) stored, bool onFoot)
    {
        var p = r.Parcel;
        var text = string.Format(Invariant,
            "第{0}位：得分 {1:0.0}，现状{2}，{3}，" + (onFoot ? "步行" : "") + "{4:0}米内未满足托位需求约 {5:N0} 个（{6} 个居住区），面积 {7:N0} 平方米，按每托位 {8:0.#} 平方米建筑面积可容纳约 {9:N0} 个托位，{10}",
            r.Rank, r.Score.Total, Chinese(stored.Status), Chinese(stored.LandUse), options.ServiceRadiusMetres, r.UnmetDemand,
            r.DemandPointsWithin, p.AreaSquareMetres, options.BuildingAreaPerPlace, r.EstimatedPlaces, p.AllocationEligible ? "可划拨" : "不可划拨");
        text += "；" + string.Join("；", TierRules(r, options));

        var tier = Tier(r);
        // Those it passed, highest score first, and those that passed it, lowest first: the starkest cases are named.
        var passed = ranked.Skip(index + 1).Where(o => o.Score.Total > r.Score.Total && Tier(o) > tier).OrderByDescending(o => o.Score.Total).ToList();
        var passedBy = ranked.Take(index).Where(o => o.Score.Total < r.Score.Total && Tier(o) < tier).OrderBy(o => o.Score.Total).ToList();
        if (passed.Count > 0)
        {
            text += $"；虽得分较低，仍排在得分更高的 {Codes(passed)}之前";
        }

        if (passedBy.Count > 0)
        {
            text += $"；虽得分较高，仍排在得分较低的 {Codes(passedBy)}之后";
        }

        return text + "。";
    }

    /// <summary>The tier rules that hold for the parcel, first the one that weighs most; the last says that score orders a tier.</summary>
    private static IEnumerable<string> TierRules(PriorityParcel r, ParcelPriorityOptions options)
    {
        if (r.Parcel.Status == AnalysisStatus.Transferred)
        {
            yield return "已出让，需协商收回或合作使用，列于最后";
            yield break;
        }

        if (!r.CompatibleLandUse)
        {
            yield return "用地性质不属于可设托育的用地类型，排在兼容用地之后";
        }

        if (!r.SizeAdequate)
        {
            yield return string.Format(Invariant, "小于最小用地面积 {0:N0} 平方米，排在面积达标地块之后", options.MinimumSiteArea);
        }

        if (r.CompatibleLandUse && r.SizeAdequate)
        {
            yield return IsQuickToUse(r)
                ? "闲置、低效用地可尽快启用，排在兼容、储备用地之前，同类之间按得分排序"
                : "兼容、储备用地排在闲置、低效用地之后，同类之间按得分排序";
        }
    }

    /// <summary>The ranking's tiers in its order (<see cref="ParcelPriority.Rank(IReadOnlyList{Parcel})"/>), as one number.</summary>
    private static int Tier(PriorityParcel r) =>
        (r.Parcel.Status == AnalysisStatus.Transferred ? 8 : 0) + (r.CompatibleLandUse ? 0 : 4) + (r.SizeAdequate ? 0 : 2) + (IsQuickToUse(r) ? 0 : 1);

    private static bool IsQuickToUse(PriorityParcel r) => r.Parcel.Status is AnalysisStatus.Idle or AnalysisStatus.LowEfficiency;

    private static string Codes(IReadOnlyList<PriorityParcel> parcels)
    {
        var named = string.Join("、", parcels.Take(Named).Select(o => string.Format(Invariant, "{0}（{1:0.0} 分）", o.Parcel.Code, o.Score.Total)));
        return parcels.Count > Named ? $"{named}等 {parcels.Count} 块地块" : named;
    }

    /// <summary>A stored word as the page and the exports write it (闲置, 教育用地 …).</summary>
    internal static string Chinese<TEnum>(TEnum value) where TEnum : struct, Enum =>
        SpreadsheetVocabulary.ChineseOf(Words.Of(value), typeof(TEnum)) ?? Words.Of(value);
}
