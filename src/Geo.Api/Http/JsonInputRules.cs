using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NetTopologySuite.IO.Converters;

namespace Geo.Api.Http;

/// <summary>
/// Rules every JSON body keeps before a handler sees it, so that broken input is a 400 naming the field rather
/// than an exception deep in a handler: a list the contract declares non-nullable is never null, no item of a
/// list of objects is null, and a geometry the GeoJSON reader cannot build says why.
/// </summary>
public static class JsonInputRules
{
    /// <summary>
    /// On reading (answers are untouched): a list property declared non-nullable refuses null, and a list of
    /// objects refuses a null item. Checked as the property is set, so the error names the property and the
    /// items are read by the ordinary converters (an item's own errors keep their path, e.g. supply[0].capacity).
    /// </summary>
    public static void RefuseNullLists(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var nullability = new NullabilityInfoContext();
        foreach (var property in info.Properties)
        {
            if (property.Set is not { } set || property.PropertyType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                continue;
            }

            var state = property.AttributeProvider switch
            {
                PropertyInfo p => nullability.Create(p).WriteState,
                FieldInfo f => nullability.Create(f).WriteState,
                _ => NullabilityState.Unknown,
            };
            // IsSetNullable would say the same but is only enforced with RespectNullableAnnotations, which would
            // also refuse to write every null the answers carry today.
            var refuseNull = state == NullabilityState.NotNull;
            var objectItems = property.PropertyType.IsGenericType && property.PropertyType.GetGenericArguments() is [{ IsClass: true } item]
                && item != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(item);
            if (!refuseNull && !objectItems)
            {
                continue;
            }

            property.Set = (target, value) =>
            {
                if (value is null && refuseNull)
                {
                    throw new JsonException("不能为 null must not be null: send a list ([] for none)");
                }

                if (objectItems && value is IEnumerable items)
                {
                    var n = 0;
                    foreach (var i in items)
                    {
                        n++;
                        if (i is null)
                        {
                            throw new JsonException($"第 {n} 项为 null：每一项须为对象 item {n} is null: every item must be an object");
                        }
                    }
                }

                set(target, value);
            };
        }
    }

    /// <summary>
    /// NetTopologySuite's GeoJSON converters, with what they refuse (an unknown type such as Circle, an unclosed
    /// ring, too few positions) turned into a JSON error on the geometry's field instead of an ArgumentException.
    /// </summary>
    public sealed class CheckedGeoJson(GeometryFactory factory) : JsonConverterFactory
    {
        private readonly GeoJsonConverterFactory _inner = new(factory);

        public override bool CanConvert(Type typeToConvert) => _inner.CanConvert(typeToConvert);

        public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        {
            var inner = _inner.CreateConverter(typeToConvert, options);
            return inner is not null && typeof(JsonConverter<>).MakeGenericType(typeToConvert).IsInstanceOfType(inner)
                ? (JsonConverter)Activator.CreateInstance(typeof(Checked<>).MakeGenericType(typeToConvert), inner)!
                : inner;
        }

        private sealed class Checked<T>(JsonConverter<T> inner) : JsonConverter<T>
        {
            public override bool HandleNull => inner.HandleNull;

            public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                try
                {
                    return inner.Read(ref reader, typeToConvert, options);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or IndexOutOfRangeException or NullReferenceException)
                {
                    throw new JsonException(GeometryMessage(e.Message), e);
                }
            }

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => inner.Write(writer, value, options);
        }

        private const string Types = "Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon, GeometryCollection";

        private static string GeometryMessage(string reason) => reason switch
        {
            _ when reason.StartsWith("Requested value", StringComparison.Ordinal) =>
                $"几何类型不受支持 the GeoJSON type is not one of {Types} ({reason.Replace("Requested value ", "", StringComparison.Ordinal).Replace(" was not found.", "", StringComparison.Ordinal)}; a circle is sent as a Polygon)",
            _ when reason.Contains("closed linestring", StringComparison.Ordinal) =>
                "多边形的环未闭合 every ring of a Polygon must be closed: its last position repeats its first",
            _ when reason.Contains("Number of points", StringComparison.Ordinal) =>
                "多边形的环至少需要 4 个位置 every ring of a Polygon needs at least 4 positions (3 corners and the first repeated)",
            _ => $"几何无法读取 the GeoJSON geometry cannot be read: give type and coordinates as RFC 7946 says ({reason})",
        };
    }
}
