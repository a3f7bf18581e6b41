using Geo.Api.Features.Analysis;
using Geo.Api.Features.Auth;
using Geo.Api.Features.Config;
using Geo.Api.Features.Districts;
using Geo.Api.Features.Health;
using Geo.Api.Features.ImportExport;
using Geo.Api.Features.Institutions;
using Geo.Api.Features.Layers;
using Geo.Api.Features.Nearby;
using Geo.Api.Features.NursingRooms;
using Geo.Api.Features.Ogc;
using Geo.Api.Features.Parcels;
using Geo.Api.Features.PriorityParcels;
using Geo.Api.Features.ResidentialAreas;
using Geo.Api.Features.Siting;
using Geo.Api.Features.Targets;
using Geo.Api.Features.Tiles;
using Geo.Api.Features.WalkingNetwork;

namespace Geo.Api.Features;

/// <summary>The API's features: one registration and one mapping call each.</summary>
public static class FeatureServices
{
    public static IServiceCollection AddTuoyuFeatures(this IServiceCollection services) => services
        .AddSingleton<InstitutionLayer>()
        .AddSingleton<NursingRoomLayer>()
        .AddSingleton<PublicPlaceLayer>()
        .AddSingleton<ResidentialAreaLayer>()
        .AddSingleton<ParcelLayer>()
        .AddSingleton(TimeProvider.System)
        .AddScoped<AccountService>()
        .AddScoped<CoverageReports>()
        .AddDistrictSetup()
        .AddPriorityParcels()
        .AddTargets()
        .AddSiting()
        .AddWalkingNetwork()
        .AddImportExport();

    public static void MapTuoyuFeatures(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapAuthEndpoints();
        app.MapLayer(app.Services.GetRequiredService<InstitutionLayer>());
        app.MapLayer(app.Services.GetRequiredService<NursingRoomLayer>());
        app.MapLayer(app.Services.GetRequiredService<PublicPlaceLayer>());
        app.MapLayer(app.Services.GetRequiredService<ResidentialAreaLayer>());
        app.MapLayer(app.Services.GetRequiredService<ParcelLayer>());
        app.MapDistrictEndpoints();
        app.MapDistrictSetupEndpoints();
        app.MapNearbyEndpoints();
        app.MapTileEndpoints();
        app.MapTileJsonEndpoints();
        app.MapOgcEndpoints();
        app.MapAnalysisEndpoints();
        app.MapConfigEndpoints();
        app.MapSitingEndpoints();
        app.MapPriorityParcelEndpoints();
        app.MapTargetEndpoints();
        app.MapHousingDeliveryEndpoints();
        app.MapImportExportEndpoints();
        app.MapNetworkEndpoints();
    }
}
