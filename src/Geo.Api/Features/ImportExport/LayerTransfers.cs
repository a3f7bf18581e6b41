using Geo.Api.Data.Entities;
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
        ResidentialAreaLayer residentialAreas, ParcelLayer parcels)
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
                ImportKey.NameAndLocation<ResidentialArea, ResidentialAreaInput>(), e => e.Location, EstimatePopulation, DropEstimatedPopulation),
            // The land bureau's parcel code is the parcel's identity; names repeat across parcels.
            new LayerTransfer<Parcel, ParcelInput, ParcelProperties, ParcelFilter>(parcels,
                new("code", p => string.IsNullOrWhiteSpace(p.Code) ? null : p.Code.Trim(), e => e.Code, ByNameAndLocation: false),
                e => e.Location),
        ];
        _byRoute = all.ToDictionary(t => t.Route, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Routes => _byRoute.Keys;

    public ILayerTransfer? Find(string route) => _byRoute.GetValueOrDefault(route);

    /// <summary>
    /// A population TuoyuGeo itself estimated (an export's population_is_estimated) is not data: it is derived again
    /// from households, so an export imported back stays an estimate.
    /// </summary>
    private static IReadOnlyDictionary<string, object?> DropEstimatedPopulation(IReadOnlyDictionary<string, object?> attributes) =>
        attributes.GetValueOrDefault("population_is_estimated") is true or "true" or "True" or "1" or 1L &&
        attributes.GetValueOrDefault("households") is not null
            ? attributes.Where(a => a.Key != "population").ToDictionary(a => a.Key, a => a.Value)
            : attributes;

    /// <summary>Residential areas given by households only: population = households × the caller's persons per household.</summary>
    private static void EstimatePopulation(ResidentialArea area, ResidentialAreaInput input, ImportOptions options)
    {
        if (input.Population is null && input.Households is { } households && options.PersonsPerHousehold is { } persons)
        {
            area.Population = (int)Math.Round(households * persons);
        }
    }
}
