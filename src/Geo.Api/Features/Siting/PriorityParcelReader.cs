using Geo.Analysis.Siting;
using AnalysisParcelStatus = Geo.Analysis.Siting.ParcelStatus;
using Parcel = Geo.Api.Data.Entities.Parcel;
using ParcelStatus = Geo.Api.Data.Entities.ParcelStatus;

namespace Geo.Api.Features.Siting;

/// <summary>Parcels of a district in the words of <see cref="ParcelPriority"/>.</summary>
internal static class PriorityParcelReader
{
    public static IQueryable<Parcel> InUnit(IQueryable<Parcel> parcels, string code) =>
        code.Length == 9 ? parcels.Where(p => p.SubdistrictCode == code) : parcels.Where(p => p.DistrictCode == code);

    public static LandUseClass LandUseClass(LandUse use) => use switch
    {
        LandUse.Education => Geo.Analysis.Siting.LandUseClass.Education,
        LandUse.HealthCare => Geo.Analysis.Siting.LandUseClass.HealthCare,
        LandUse.SocialWelfare => Geo.Analysis.Siting.LandUseClass.SocialWelfare,
        LandUse.Commercial => Geo.Analysis.Siting.LandUseClass.CommercialService,
        LandUse.ResidentialService => Geo.Analysis.Siting.LandUseClass.ResidentialServiceFacility,
        LandUse.Residential => Geo.Analysis.Siting.LandUseClass.Residential,
        LandUse.Industrial => Geo.Analysis.Siting.LandUseClass.Industrial,
        LandUse.GreenSpace => Geo.Analysis.Siting.LandUseClass.GreenSpace,
        _ => Geo.Analysis.Siting.LandUseClass.Other,
    };

    public static AnalysisParcelStatus Status(ParcelStatus status) => status switch
    {
        ParcelStatus.Idle => AnalysisParcelStatus.Idle,
        ParcelStatus.LowEfficiency => AnalysisParcelStatus.LowEfficiency,
        ParcelStatus.Compatible => AnalysisParcelStatus.Compatible,
        ParcelStatus.Reserve => AnalysisParcelStatus.Reserve,
        _ => AnalysisParcelStatus.Transferred,
    };
}
