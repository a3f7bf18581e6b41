namespace Geo.Analysis.Coordinates;

/// <summary>
/// Transverse Mercator (Gauss-Krüger) projection of an ellipsoid: longitude/latitude in degrees to
/// easting/northing in metres and back.
/// </summary>
/// <remarks>
/// Method: Krüger's series in the third flattening n, carried to order n⁶, in the form of Karney (2011),
/// "Transverse Mercator with an accuracy of a few nanometers", J. Geodesy 85:475–485: conformal latitude,
/// then the α (forward) and β (inverse) trigonometric series summed term by term; the inverse
/// recovers the latitude from the conformal latitude by Newton's method to machine precision.
/// Accuracy: a few nanometres within 3,900 km of the central meridian (Karney), so far below a millimetre in
/// any 3- or 6-degree zone; measured against PROJ 9 in the tests to better than 1 mm.
/// </remarks>
public sealed class TransverseMercator
{
    private const double DegreesToRadians = Math.PI / 180.0;
    private const int Order = 6;

    private readonly double _centralMeridianRadians;
    private readonly double _eccentricity;
    private readonly double _eccentricitySquared;
    private readonly double _scaledRectifyingRadius;
    private readonly double[] _alpha;
    private readonly double[] _beta;

    public TransverseMercator(
        Ellipsoid ellipsoid,
        double centralMeridian,
        double falseEasting,
        double falseNorthing = 0,
        double scaleFactor = 1)
    {
        ArgumentNullException.ThrowIfNull(ellipsoid);
        if (!double.IsFinite(centralMeridian) || Math.Abs(centralMeridian) > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(centralMeridian), centralMeridian, "The central meridian must be a longitude in degrees, -180 to 180.");
        }

        if (!(scaleFactor > 0) || !double.IsFinite(scaleFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(scaleFactor), scaleFactor, "The scale factor must be positive.");
        }

        Ellipsoid = ellipsoid;
        CentralMeridian = centralMeridian;
        FalseEasting = falseEasting;
        FalseNorthing = falseNorthing;
        ScaleFactor = scaleFactor;

        _centralMeridianRadians = centralMeridian * DegreesToRadians;
        _eccentricitySquared = ellipsoid.EccentricitySquared;
        _eccentricity = Math.Sqrt(_eccentricitySquared);

        var n = ellipsoid.ThirdFlattening;
        var n2 = n * n;
        var n3 = n2 * n;
        var n4 = n3 * n;
        var n5 = n4 * n;
        var n6 = n5 * n;

        // Rectifying radius A = a/(1+n)·(1 + n²/4 + n⁴/64 + n⁶/256).
        _scaledRectifyingRadius = scaleFactor * ellipsoid.SemiMajorAxis / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256);

        _alpha =
        [
            n / 2 - 2.0 / 3 * n2 + 5.0 / 16 * n3 + 41.0 / 180 * n4 - 127.0 / 288 * n5 + 7891.0 / 37800 * n6,
            13.0 / 48 * n2 - 3.0 / 5 * n3 + 557.0 / 1440 * n4 + 281.0 / 630 * n5 - 1983433.0 / 1935360 * n6,
            61.0 / 240 * n3 - 103.0 / 140 * n4 + 15061.0 / 26880 * n5 + 167603.0 / 181440 * n6,
            49561.0 / 161280 * n4 - 179.0 / 168 * n5 + 6601661.0 / 7257600 * n6,
            34729.0 / 80640 * n5 - 3418889.0 / 1995840 * n6,
            212378941.0 / 319334400 * n6,
        ];
        _beta =
        [
            n / 2 - 2.0 / 3 * n2 + 37.0 / 96 * n3 - 1.0 / 360 * n4 - 81.0 / 512 * n5 + 96199.0 / 604800 * n6,
            1.0 / 48 * n2 + 1.0 / 15 * n3 - 437.0 / 1440 * n4 + 46.0 / 105 * n5 - 1118711.0 / 3870720 * n6,
            17.0 / 480 * n3 - 37.0 / 840 * n4 - 209.0 / 4480 * n5 + 5569.0 / 90720 * n6,
            4397.0 / 161280 * n4 - 11.0 / 504 * n5 - 830251.0 / 7257600 * n6,
            4583.0 / 161280 * n5 - 108847.0 / 3991680 * n6,
            20648693.0 / 638668800 * n6,
        ];
    }

    public Ellipsoid Ellipsoid { get; }

    /// <summary>Longitude of the central meridian, degrees.</summary>
    public double CentralMeridian { get; }

    public double FalseEasting { get; }

    public double FalseNorthing { get; }

    public double ScaleFactor { get; }

    /// <summary>Projects a longitude/latitude in degrees to easting/northing in metres.</summary>
    public (double Easting, double Northing) Forward(double longitude, double latitude)
    {
        var lambda = NormaliseLongitude(longitude * DegreesToRadians - _centralMeridianRadians);
        var phi = latitude * DegreesToRadians;

        var tau = Math.Tan(phi);
        var tauPrime = ConformalTangent(tau);
        var cosLambda = Math.Cos(lambda);
        var xiPrime = Math.Atan2(tauPrime, cosLambda);
        var etaPrime = Math.Asinh(Math.Sin(lambda) / Math.Sqrt(tauPrime * tauPrime + cosLambda * cosLambda));

        var xi = xiPrime;
        var eta = etaPrime;
        for (var j = 1; j <= Order; j++)
        {
            var a = _alpha[j - 1];
            xi += a * Math.Sin(2 * j * xiPrime) * Math.Cosh(2 * j * etaPrime);
            eta += a * Math.Cos(2 * j * xiPrime) * Math.Sinh(2 * j * etaPrime);
        }

        return (FalseEasting + _scaledRectifyingRadius * eta, FalseNorthing + _scaledRectifyingRadius * xi);
    }

    /// <summary>Unprojects easting/northing in metres to longitude/latitude in degrees.</summary>
    public (double Longitude, double Latitude) Inverse(double easting, double northing)
    {
        var xi = (northing - FalseNorthing) / _scaledRectifyingRadius;
        var eta = (easting - FalseEasting) / _scaledRectifyingRadius;

        var xiPrime = xi;
        var etaPrime = eta;
        for (var j = 1; j <= Order; j++)
        {
            var b = _beta[j - 1];
            xiPrime -= b * Math.Sin(2 * j * xi) * Math.Cosh(2 * j * eta);
            etaPrime -= b * Math.Cos(2 * j * xi) * Math.Sinh(2 * j * eta);
        }

        var sinhEta = Math.Sinh(etaPrime);
        var cosXi = Math.Cos(xiPrime);
        var tauPrime = Math.Sin(xiPrime) / Math.Sqrt(sinhEta * sinhEta + cosXi * cosXi);
        var lambda = Math.Atan2(sinhEta, cosXi);
        var tau = TangentFromConformal(tauPrime);

        var longitude = NormaliseLongitude(lambda + _centralMeridianRadians) / DegreesToRadians;
        return (longitude, Math.Atan(tau) / DegreesToRadians);
    }

    /// <summary>tan χ of the conformal latitude χ, from τ = tan φ (Karney eq. 7–9).</summary>
    private double ConformalTangent(double tau)
    {
        var sqrt1Tau2 = Math.Sqrt(1 + tau * tau);
        var sigma = Math.Sinh(_eccentricity * Math.Atanh(_eccentricity * tau / sqrt1Tau2));
        return tau * Math.Sqrt(1 + sigma * sigma) - sigma * sqrt1Tau2;
    }

    /// <summary>Inverts <see cref="ConformalTangent"/> by Newton's method (Karney eq. 19–21).</summary>
    private double TangentFromConformal(double tauPrime)
    {
        var oneMinusE2 = 1 - _eccentricitySquared;
        var tau = tauPrime / oneMinusE2;
        for (var i = 0; i < 8; i++)
        {
            var tauPrimeI = ConformalTangent(tau);
            var delta = (tauPrime - tauPrimeI) / Math.Sqrt(1 + tauPrimeI * tauPrimeI)
                * (1 + oneMinusE2 * tau * tau) / (oneMinusE2 * Math.Sqrt(1 + tau * tau));
            tau += delta;
            if (Math.Abs(delta) <= 1e-14 * Math.Max(1, Math.Abs(tau)))
            {
                break;
            }
        }

        return tau;
    }

    private static double NormaliseLongitude(double radians) =>
        Math.IEEERemainder(radians, 2 * Math.PI);
}
