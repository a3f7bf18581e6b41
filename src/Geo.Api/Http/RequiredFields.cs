using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Geo.Api.Http;

/// <summary>
/// Lists a body's <c>[Required]</c> fields in its OpenAPI schema's <c>required</c>. The attribute only documents:
/// the request is still bound with the field absent, so that <see cref="ValidationErrors"/> can name it in a
/// ProblemDetails (a C# <c>required</c> member would make the JSON reader refuse the body with no field named).
/// Positional records need no mark: their constructor parameters are listed already.
/// </summary>
public static class RequiredFields
{
    public static Task MarkAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true)
                {
                    (schema.Required ??= new HashSet<string>(StringComparer.Ordinal)).Add(property.Name);
                }
            }
        }

        return Task.CompletedTask;
    }
}
