using Geo.Api.Features.Institutions;
using Geo.Api.Features.NursingRooms;
using Geo.Api.Features.Parcels;
using Geo.Api.Features.ResidentialAreas;

namespace Geo.Api.Features.ImportExport;

/// <summary>The layers that can be imported and exported, by route, with the key each is matched by.</summary>
public sealed class LayerTransfers
{
    private readonly Dictionary<string, ILayerTransfer> _byRoute;

    public LayerTransfers(InstitutionLayer institutions, NursingRoomLayer nursingRooms, PublicPlaceLayer publicPlaces,
        ResidentialAreaLayer residentialAreas, ParcelLayer parcels, Districts.DistrictTransfer districts)
    {
        ILayerTransfer[] all =
        [
            // 统一社会信用代码 identifies an institution; lists without it fall back to name and location.
            new LayerTransfer<Institution, InstitutionInput, InstitutionProperties, InstitutionFilter>(institutions,
                new("credit_code", i => string.IsNullOrWhiteSpace(i.CreditCode) ? null : i.CreditCode, e => e.CreditCode, ByNameAndLocation: true),
                e => e.Location),
            new LayerTransfer<NursingRoom, NursingRoomInput, NursingRoomProperties, NursingRoomFilter>(nursingRooms,
                ImportKey.NameAndLocation<NursingRoom, NursingRoomInput>(), e => e.Location),
            new LayerTransfer<PublicPlace, PublicPlaceInput, PublicPlaceProperties, PublicPlaceFilter>(publicPlaces,
                ImportKey.NameAndLocation<PublicPlace, PublicPlaceInput>(), e => e.Location),
            new LayerTransfer<ResidentialArea, ResidentialAreaInput, ResidentialAreaProperties, ResidentialAreaFilter>(residentialAreas,
                ImportKey.NameAndLocation<ResidentialArea, ResidentialAreaInput>(), e => e.Location, EstimatePopulation, ReadResidentialArea),
            // The land bureau's parcel code is the parcel's identity; names repeat across parcels.
            new LayerTransfer<Parcel, ParcelInput, ParcelProperties, ParcelFilter>(parcels,
                new("code", p => string.IsNullOrWhiteSpace(p.Code) ? null : p.Code.Trim(), e => e.Code, ByNameAndLocation: false),
                e => e.Location),
            districts,
        ];
        _byRoute = all.ToDictionary(t => t.Route, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Routes => _byRoute.Keys;

    public ILayerTransfer? Find(string route) => _byRoute.GetValueOrDefault(route);

    /// <summary>
    /// A population TuoyuGeo itself estimated (an export's population_is_estimated) is not data: it is derived again
    /// from households, so an export imported back stays an estimate. Lists from housing sites never say new/old:
    /// a row without kind takes it from its completion year (in or after <see cref="ImportOptions.NewSinceYear"/>:
    /// new), else the caller's default_kind.
    /// </summary>
    private static IReadOnlyDictionary<string, object?> ReadResidentialArea(IReadOnlyDictionary<string, object?> attributes, ImportOptions options)
    {
        var read = new Dictionary<string, object?>(attributes, StringComparer.Ordinal);
        if (read.GetValueOrDefault("population_is_estimated") is true or "true" or "True" or "1" or 1L or "是" && read.GetValueOrDefault("households") is not null)
        {
            read.Remove("population");
        }

        if (read.GetValueOrDefault("kind") is null or "")
        {
            var year = read.GetValueOrDefault("completion_year") is { } y &&
                AttributeCoercion.TryReadNumber(Convert.ToString(y, System.Globalization.CultureInfo.InvariantCulture) ?? "", out var n) ? (int?)n : null;
            read["kind"] = year is { } built && options.NewSinceYear is { } since ? (built >= since ? "new" : "old")
                : options.DefaultKind is { } kind ? Data.Entities.Words.Of(kind) : null;
        }

        return read;
    }

    /// <summary>Residential areas given by households only: population = households × the caller's persons per household.</summary>
    private static void EstimatePopulation(ResidentialArea area, ResidentialAreaInput input, ImportOptions options)
    {
        if (input.Population is null && input.Households is { } households && options.PersonsPerHousehold is { } persons)
        {
            area.Population = (int)Math.Round(households * persons);
        }
    }
}
