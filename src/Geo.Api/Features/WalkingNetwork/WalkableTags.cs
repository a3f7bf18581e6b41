namespace Geo.Api.Features.WalkingNetwork;

/// <summary>
/// Which OpenStreetMap ways a person may walk, by their tags: paths and minor streets always; tertiary roads
/// and above unless they say there is no sidewalk (trunks and motorways only with a sidewalk or explicit foot
/// access); never where foot=no or access is private. One-way tags are ignored: they bind vehicles, not feet.
/// </summary>
public static class WalkableTags
{
    private static readonly HashSet<string> Paths =
    [
        "footway", "path", "pedestrian", "steps", "living_street", "residential", "service", "unclassified",
        "track", "corridor",
    ];

    private static readonly HashSet<string> MajorRoads =
    [
        "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link",
    ];

    private static readonly HashSet<string> Motorways = ["trunk", "trunk_link", "motorway", "motorway_link"];

    private static readonly HashSet<string> FootAllowed = ["yes", "designated", "permissive"];

    private static readonly HashSet<string> SidewalkPresent = ["both", "left", "right", "yes"];

    /// <summary>Null when walkable, else why not (a short word counted in the import report).</summary>
    public static string? WhyNotWalkable(Func<string, string?> tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var highway = tag("highway");
        if (highway is null)
        {
            return "not_a_highway";
        }

        var foot = tag("foot");
        if (foot is "no" or "private" or "use_sidepath")
        {
            return "foot_no";
        }

        var footAllowed = foot is not null && FootAllowed.Contains(foot);
        if (tag("access") is "private" or "no" && !footAllowed)
        {
            return "access_private";
        }

        var sidewalk = tag("sidewalk") ?? tag("sidewalk:both");
        if (Paths.Contains(highway) || (highway == "cycleway" && footAllowed))
        {
            return null;
        }

        if (MajorRoads.Contains(highway))
        {
            // "separate": the sidewalk is mapped as its own footway, which is walked instead.
            return sidewalk is "no" or "none" or "separate" && !footAllowed ? "no_sidewalk" : null;
        }

        if (Motorways.Contains(highway))
        {
            return footAllowed || (sidewalk is not null && SidewalkPresent.Contains(sidewalk)) ? null : "no_sidewalk";
        }

        return "not_walkable_highway";
    }
}
