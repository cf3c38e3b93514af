using System.Globalization;
using System.Text;

namespace LlmGuard.Local.Tokenization;

/// <summary>
/// Splits text the way the Llama 3 pattern does, on Unicode code points (so astral letters and digits count as
/// letters and digits, which .NET's UTF-16 regular expressions would miss), trying the alternatives left to right:
/// <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>.
/// \s is Unicode White_Space; unassigned code points, which belong to no class in llama.cpp's tables, become pieces of
/// their own.
/// </summary>
internal static class Llama3PreTokenizer
{
    /// <summary>The pieces as (start, length) in UTF-16 units of <paramref name="text"/>.</summary>
    public static List<(int Start, int Length)> Split(string text)
    {
        var runes = new List<Rune>(text.Length);
        var offsets = new List<int>(text.Length + 1);
        for (var index = 0; index < text.Length;)
        {
            Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed);
            runes.Add(rune);
            offsets.Add(index);
            index += consumed;
        }

        offsets.Add(text.Length);
        var count = runes.Count;
        var kinds = new Kind[count];
        for (var i = 0; i < count; i++)
        {
            kinds[i] = Classify(runes[i]);
        }

        Kind KindAt(int position) => position < count ? kinds[position] : Kind.None;
        int CodeAt(int position) => position < count ? runes[position].Value : -1;

        var pieces = new List<(int Start, int Length)>();
        var previousEnd = 0;
        void AddPiece(int end)
        {
            if (end > previousEnd)
            {
                pieces.Add((offsets[previousEnd], offsets[end] - offsets[previousEnd]));
            }

            previousEnd = end;
        }

        var position = 0;
        while (position < count)
        {
            var code = CodeAt(position);
            var kind = KindAt(position);

            // (?i:'s|'t|'re|'ve|'m|'ll|'d)
            if (code == '\'' && position + 1 < count)
            {
                var next = LowerAscii(CodeAt(position + 1));
                if (next is 's' or 't' or 'm' or 'd')
                {
                    AddPiece(position += 2);
                    continue;
                }

                if (position + 2 < count)
                {
                    var afterNext = LowerAscii(CodeAt(position + 2));
                    if ((next == 'r' && afterNext == 'e') || (next == 'v' && afterNext == 'e') || (next == 'l' && afterNext == 'l'))
                    {
                        AddPiece(position += 3);
                        continue;
                    }
                }
            }

            // [^\r\n\p{L}\p{N}]?\p{L}+
            if (code is not ('\r' or '\n') && kind != Kind.Number && (kind == Kind.Letter || KindAt(position + 1) == Kind.Letter))
            {
                position++;
                while (KindAt(position) == Kind.Letter)
                {
                    position++;
                }

                AddPiece(position);
                continue;
            }

            // \p{N}{1,3}
            if (kind == Kind.Number)
            {
                var start = position;
                while (KindAt(position) == Kind.Number && position - start < 3)
                {
                    position++;
                }

                AddPiece(position);
                continue;
            }

            // ' '?[^\s\p{L}\p{N}]+[\r\n]*
            var symbolStart = code == ' ' ? position + 1 : position;
            if (KindAt(symbolStart) == Kind.Other)
            {
                position = symbolStart;
                while (KindAt(position) == Kind.Other)
                {
                    position++;
                }

                while (CodeAt(position) is '\r' or '\n')
                {
                    position++;
                }

                AddPiece(position);
                continue;
            }

            var whitespace = 0;
            var lastLineBreakEnd = 0;
            while (KindAt(position + whitespace) == Kind.Space)
            {
                if (CodeAt(position + whitespace) is '\r' or '\n')
                {
                    lastLineBreakEnd = position + whitespace + 1;
                }

                whitespace++;
            }

            // \s*[\r\n]+
            if (lastLineBreakEnd > 0)
            {
                AddPiece(position = lastLineBreakEnd);
                continue;
            }

            // \s+(?!\S): a run followed by more text leaves its last space to that text.
            if (whitespace > 1 && position + whitespace < count)
            {
                AddPiece(position += whitespace - 1);
                continue;
            }

            // \s+
            if (whitespace > 0)
            {
                AddPiece(position += whitespace);
                continue;
            }

            AddPiece(++position);
        }

        return pieces;
    }

    private static int LowerAscii(int code) => code is >= 'A' and <= 'Z' ? code + ('a' - 'A') : code;

    private static Kind Classify(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune))
        {
            return Kind.Space;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Kind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Kind.Number,
            UnicodeCategory.OtherNotAssigned => Kind.Unassigned,
            _ => Kind.Other,
        };
    }

    private enum Kind
    {
        None,
        Space,
        Letter,
        Number,
        Other,
        Unassigned,
    }
}
