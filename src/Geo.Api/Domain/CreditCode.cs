namespace Geo.Api.Domain;

/// <summary>统一社会信用代码 (GB 32100-2015): 18 characters whose last is a check character.</summary>
public static class CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>The check character of the first 17 characters.</summary>
    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }

        return Alphabet[(31 - sum % 31) % 31];
    }

    public static bool IsValid(string code) =>
        code.Length == 18 && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) && CheckCharacter(code) == code[17];
}
