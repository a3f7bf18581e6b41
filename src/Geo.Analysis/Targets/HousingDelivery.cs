namespace Geo.Analysis.Targets;

/// <summary>A new residential area's obligation to deliver a childcare facility with its housing.</summary>
/// <param name="Population">Residents of the area: the required 托位 follow from it.</param>
/// <param name="HandoverOn">The housing's handover day; null when not recorded (the area is not judged).</param>
/// <param name="HasFacility">Whether a facility (an institution or a parcel) is planned and on record.</param>
/// <param name="FacilitySlots">托位 the facility provides; null when nobody recorded them.</param>
/// <param name="DeliveredOn">The day the facility was delivered; null while it is not.</param>
public sealed record HousingObligation(string Id, int Population, DateOnly? HandoverOn, bool HasFacility, int? FacilitySlots, DateOnly? DeliveredOn);

/// <summary>Where an obligation stands on a day, each fault on its own (an area may be both late and short).</summary>
/// <param name="RequiredSlots">⌈population ÷ 1,000 × the new-area standard⌉.</param>
/// <param name="HandedOver">The housing was handed over on or before the day.</param>
/// <param name="Missing">No facility is planned (or the one named is not on record).</param>
/// <param name="Late">Handed over, with a facility not delivered by the handover day.</param>
/// <param name="ShortOfPlaces">The facility holds fewer 托位 than required (unrecorded 托位 count as none).</param>
/// <param name="DeliveredWithHousing">Handed over, and a facility holding the required 托位 was delivered no later than the housing.</param>
public sealed record DeliveryCheck(int RequiredSlots, bool HandedOver, bool Missing, bool Late, bool ShortOfPlaces, bool DeliveredWithHousing);

/// <summary>
/// The seeds' rule for new residential areas: childcare facilities planned at the new-area standard (≥ 10 托位 per
/// 1,000 residents) and "与住宅同步验收、同步交付使用" — delivered no later than the housing. Judged as of any day
/// from the records' own dates: an area counts once its housing is handed over; a facility delivered after the
/// handover stays late on every later day (the rule is about being delivered with the housing, not eventually).
/// </summary>
public static class HousingDelivery
{
    /// <summary>The obligation on <paramref name="day"/> under the standard (托位 per 1,000 residents).</summary>
    public static DeliveryCheck Check(HousingObligation area, double slotsPerThousand, DateOnly day)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slotsPerThousand);
        // Rounded up: "不少于" 10 per 1,000 is not met by 9.5 places; the small epsilon keeps 1,000 × 10 exact.
        var required = (int)Math.Ceiling(area.Population * slotsPerThousand / 1000 - 1e-9);
        var handedOver = area.HandoverOn is { } handover && handover <= day;
        var isShort = area.HasFacility && (area.FacilitySlots ?? 0) < required;
        var deliveredByHandover = area.DeliveredOn is { } delivered && delivered <= day && area.HandoverOn is { } h && delivered <= h;
        var late = handedOver && area.HasFacility && !deliveredByHandover;
        return new DeliveryCheck(required, handedOver, !area.HasFacility, late, isShort,
            handedOver && area.HasFacility && deliveredByHandover && !isShort);
    }

    /// <summary>
    /// Share of the areas handed over by the day whose facility was delivered with the housing; 1 when none was
    /// handed over yet (no area has broken the rule), so a series starts from the first handover.
    /// </summary>
    public static double Share(IReadOnlyCollection<HousingObligation> areas, double slotsPerThousand, DateOnly day)
    {
        var checks = areas.Select(a => Check(a, slotsPerThousand, day)).Where(c => c.HandedOver).ToList();
        return checks.Count == 0 ? 1 : checks.Count(c => c.DeliveredWithHousing) / (double)checks.Count;
    }
}
