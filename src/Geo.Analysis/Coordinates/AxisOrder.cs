namespace Geo.Analysis.Coordinates;

/// <summary>
/// Which value of a coordinate pair comes first in the data at hand.
/// </summary>
/// <remarks>
/// EPSG defines the CGCS2000 Gauss-Krüger systems (EPSG:4513–4554) and EPSG:4326 itself northing (latitude)
/// first, while shapefiles, GeoJSON and most GIS software write easting (longitude) first. Neither can be
/// inferred from an EPSG code alone, so every transform takes the order explicitly.
/// <see cref="Crs.GuessAxisOrder(IEnumerable{NetTopologySuite.Geometries.Coordinate})"/> offers a guess
/// from value magnitudes when the source does not say.
/// </remarks>
public enum AxisOrder
{
    /// <summary>x = easting or longitude, y = northing or latitude (the GIS convention, the default).</summary>
    EastingFirst,

    /// <summary>x = northing or latitude, y = easting or longitude (the EPSG axis order of 4513–4554).</summary>
    NorthingFirst,
}
