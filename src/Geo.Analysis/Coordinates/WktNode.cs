using System.Globalization;
using System.Text;

namespace Geo.Analysis.Coordinates;

/// <summary>
/// One bracketed element of WKT 1 or WKT 2 text, e.g. <c>PARAMETER["False_Easting",500000.0]</c>: its keyword,
/// its plain values (quoted strings unquoted, numbers and bare words as written) and its child elements.
/// </summary>
internal sealed class WktNode
{
    private WktNode(string keyword, List<string> values, List<WktNode> children)
    {
        Keyword = keyword;
        Values = values;
        Children = children;
    }

    public string Keyword { get; }

    public IReadOnlyList<string> Values { get; }

    public IReadOnlyList<WktNode> Children { get; }

    /// <summary>The first value, which WKT uses as the element's name.</summary>
    public string Name => Values.Count > 0 ? Values[0] : "";

    public double? Number(int index) =>
        index < Values.Count && double.TryParse(Values[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    public WktNode? Child(params string[] keywords) =>
        Children.FirstOrDefault(c => keywords.Contains(c.Keyword, StringComparer.OrdinalIgnoreCase));

    public IEnumerable<WktNode> ChildrenNamed(params string[] keywords) =>
        Children.Where(c => keywords.Contains(c.Keyword, StringComparer.OrdinalIgnoreCase));

    /// <summary>Parses one WKT element (leading and trailing blanks allowed, nothing else after it).</summary>
    /// <exception cref="FormatException">The text is not well-formed WKT.</exception>
    public static WktNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = 0;
        var node = ParseNode(text, ref position);
        SkipBlanks(text, ref position);
        return position == text.Length
            ? node
            : throw new FormatException($"Unexpected text after the WKT element at character {position}.");
    }

    private static WktNode ParseNode(string text, ref int position)
    {
        SkipBlanks(text, ref position);
        var keyword = ReadWord(text, ref position);
        if (keyword.Length == 0 || !char.IsAsciiLetter(keyword[0]))
        {
            throw new FormatException($"Expected a WKT keyword such as PROJCS or GEOGCS at character {position}.");
        }

        SkipBlanks(text, ref position);
        if (position >= text.Length || (text[position] != '[' && text[position] != '('))
        {
            throw new FormatException($"Expected '[' after {keyword} at character {position}.");
        }

        var close = text[position] == '[' ? ']' : ')';
        position++;
        var values = new List<string>();
        var children = new List<WktNode>();
        while (true)
        {
            SkipBlanks(text, ref position);
            if (position >= text.Length)
            {
                throw new FormatException($"The WKT element {keyword} is not closed.");
            }

            var ch = text[position];
            if (ch == close)
            {
                position++;
                return new WktNode(keyword, values, children);
            }

            if (values.Count + children.Count > 0)
            {
                if (ch != ',')
                {
                    throw new FormatException($"Expected ',' or '{close}' in {keyword} at character {position}.");
                }

                position++;
                SkipBlanks(text, ref position);
                if (position >= text.Length)
                {
                    throw new FormatException($"The WKT element {keyword} is not closed.");
                }

                ch = text[position];
            }

            if (ch == '"')
            {
                values.Add(ReadQuoted(text, ref position));
                continue;
            }

            var start = position;
            var word = ReadWord(text, ref position);
            if (word.Length == 0)
            {
                throw new FormatException($"Unexpected character '{ch}' in {keyword} at character {position}.");
            }

            var afterWord = position;
            SkipBlanks(text, ref position);
            if (position < text.Length && (text[position] == '[' || text[position] == '('))
            {
                position = start;
                children.Add(ParseNode(text, ref position));
            }
            else
            {
                position = afterWord;
                values.Add(word);
            }
        }
    }

    private static string ReadQuoted(string text, ref int position)
    {
        var builder = new StringBuilder();
        position++;
        while (position < text.Length)
        {
            var ch = text[position++];
            if (ch != '"')
            {
                builder.Append(ch);
            }
            else if (position < text.Length && text[position] == '"')
            {
                builder.Append('"');
                position++;
            }
            else
            {
                return builder.ToString();
            }
        }

        throw new FormatException("A quoted WKT string is not closed.");
    }

    private static string ReadWord(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '_' or '.' or '-' or '+'))
        {
            position++;
        }

        return text[start..position];
    }

    private static void SkipBlanks(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }
}
