using Geo.Api.Domain;

namespace Geo.Api.Http;

/// <summary>Field checks the layers share, each wording its rule so the client can act on it.</summary>
public static class FieldRules
{
    public static void Name(this ValidationErrors errors, string? name, string field = "name")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(field, "is required");
        }
        else if (name.Length > 200)
        {
            errors.Add(field, "must be at most 200 characters");
        }
    }

    /// <summary>page ≥ 1, page_size within 1..max, and the rows skipped ((page − 1) × page_size) countable in an int.</summary>
    public static void Paging(this ValidationErrors errors, int page, int pageSize, int maxPageSize)
    {
        errors.Require(page >= 1, "page", "must be 1 or more");
        errors.Require(pageSize >= 1 && pageSize <= maxPageSize, "page_size", $"must be between 1 and {maxPageSize}");
        if (page >= 1 && pageSize >= 1 && pageSize <= maxPageSize)
        {
            errors.Require((page - 1L) * pageSize <= int.MaxValue, "page", $"must be at most {int.MaxValue / pageSize + 1} with page_size {pageSize}");
        }
    }

    public static void Present<T>(this ValidationErrors errors, T? value, string field) where T : struct
    {
        if (value is null)
        {
            errors.Add(field, "is required");
        }
    }

    public static void Range(this ValidationErrors errors, double? value, string field, double min, double max, string unit = "")
    {
        if (value is { } v && (!double.IsFinite(v) || v < min || v > max))
        {
            errors.Add(field, $"must be between {min} and {max}{unit}");
        }
    }

    public static void OpeningHoursText(this ValidationErrors errors, string? text, string field = "opening_hours")
    {
        if (text is not null && !OpeningHours.TryParse(text, out _, out var error))
        {
            errors.Add(field, $"{error}; expected {OpeningHours.Format}");
        }
    }

    public static void Length(this ValidationErrors errors, string? text, string field, int max)
    {
        if (text is { Length: var n } && n > max)
        {
            errors.Add(field, $"must be at most {max} characters");
        }
    }

    /// <summary>Parses a filter word of an enumeration, naming the allowed words when it is not one.</summary>
    public static TEnum? Word<TEnum>(this ValidationErrors errors, string? word, string field) where TEnum : struct, Enum
    {
        if (word is null)
        {
            return null;
        }

        if (Words.TryParse<TEnum>(word, out var value))
        {
            return value;
        }

        errors.Add(field, $"must be one of {string.Join(", ", Words.All<TEnum>())}");
        return null;
    }
}
