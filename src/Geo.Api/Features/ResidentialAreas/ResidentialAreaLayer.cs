using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Geo.Analysis.Spatial;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.ResidentialAreas;

public record ResidentialAreaInput
{
    [Required] public string? Name { get; init; }
    /// <summary>Residents; when absent, derived from households × persons per household.</summary>
    public int? Population { get; init; }
    public int? Households { get; init; }
    [Required] public ResidentialKind? Kind { get; init; }
    public int? CompletionYear { get; init; }
}

public sealed record ResidentialAreaProperties : ResidentialAreaInput
{
    [Required] public bool PopulationIsEstimated { get; init; }
    [Required] public double? AreaM2 { get; init; }
    [Required] public string? SubdistrictCode { get; init; }
    [Required] public string? DistrictCode { get; init; }
    public required string DataSource { get; init; }
    public required string SourceCrs { get; init; }
    [Required] public DateTimeOffset UpdatedAt { get; init; }
    [Required] public uint Version { get; init; }
}

public sealed record ResidentialAreaFilter
{
    /// <summary>new (新建) or old (老城区·已建成).</summary>
    [FromQuery(Name = "kind")] public string? Kind { get; init; }
}

/// <summary>居住区: polygons, or points where only a statistical list exists; both are demand.</summary>
public sealed class ResidentialAreaLayer : Layer<ResidentialArea, ResidentialAreaInput, ResidentialAreaProperties, ResidentialAreaFilter>
{
    /// <summary>Persons per household when only households are known: 2.62, the national average of the 2020 census.</summary>
    public const double PersonsPerHousehold = 2.62;

    public override string Route => "residential-areas";


    public override string Tag => "Residential areas 居住区";
    public override GeometryKind Kind => GeometryKind.PointOrMultiPolygon;
    public override Expression<Func<ResidentialArea, Geometry>> IndexedGeometry => a => a.Location;
    public override Geometry GeometryOf(ResidentialArea entity) => (Geometry?)entity.Boundary ?? entity.Location;

    public override ResidentialAreaProperties ToOutput(ResidentialArea a) => new()
    {
        Name = a.Name,
        Population = a.Population,
        Households = a.Households,
        Kind = a.Kind,
        CompletionYear = a.CompletionYear,
        PopulationIsEstimated = a.PopulationIsEstimated,
        AreaM2 = a.AreaM2,
        SubdistrictCode = a.SubdistrictCode,
        DistrictCode = a.DistrictCode,
        DataSource = a.DataSource,
        SourceCrs = a.SourceCrs,
        UpdatedAt = a.UpdatedAt,
        Version = a.Version,
    };

    public override void Validate(ResidentialAreaInput input, Geometry? geometry, ValidationErrors errors)
    {
        errors.Name(input.Name);
        errors.Present(input.Kind, "kind");
        errors.Require(input.Population is not null || input.Households is not null, "population",
            "is required unless households is given (population = households × persons per household)");
        errors.Require(input.Population is null or (>= 0 and <= 1_000_000), "population", "must be between 0 and 1,000,000");
        errors.Require(input.Households is null or (>= 0 and <= 500_000), "households", "must be between 0 and 500,000");
        errors.Require(input.CompletionYear is null or (>= 1900 and <= 2100), "completion_year", "must be between 1900 and 2100");
    }

    public override ResidentialArea Create(Geometry geometry, ResidentialAreaInput input)
    {
        var area = new ResidentialArea();
        Apply(area, geometry, input);
        return area;
    }

    public override void Apply(ResidentialArea a, Geometry geometry, ResidentialAreaInput input)
    {
        a.Boundary = geometry as MultiPolygon;
        // The database derives the point of a polygon (ST_PointOnSurface); a point is the demand point itself.
        a.Location = geometry as Point ?? geometry.InteriorPoint;
        a.Location.SRID = Wgs84.Srid;
        a.Name = input.Name!.Trim();
        a.Households = input.Households;
        a.PopulationIsEstimated = input.Population is null;
        a.Population = input.Population ?? (int)Math.Round(input.Households!.Value * PersonsPerHousehold);
        a.Kind = input.Kind!.Value;
        a.CompletionYear = input.CompletionYear;
    }

    public override IQueryable<ResidentialArea> Filter(IQueryable<ResidentialArea> query, ResidentialAreaFilter f, ValidationErrors errors)
    {
        if (errors.Word<ResidentialKind>(f.Kind, "kind") is { } kind)
        {
            query = query.Where(a => a.Kind == kind);
        }

        return query;
    }
}
