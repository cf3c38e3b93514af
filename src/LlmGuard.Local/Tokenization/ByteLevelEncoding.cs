namespace LlmGuard.Local.Tokenization;

/// <summary>
/// GPT-2's byte-to-character table, which byte-level BPE vocabularies are written in: bytes 33–126, 161–172 and
/// 174–255 stand for themselves; the other 68 bytes map, in order, to U+0100 onwards (space → Ġ, \n → Ċ).
/// </summary>
internal static class ByteLevelEncoding
{
    private static readonly char[] ByteToChar = BuildTable();
    private static readonly Dictionary<char, byte> CharToByte = Enumerable.Range(0, 256).ToDictionary(value => ByteToChar[value], value => (byte)value);

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), static (destination, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                destination[i] = ByteToChar[source[i]];
            }
        });
    }

    /// <summary>The bytes a vocabulary string stands for; characters outside the table contribute their own UTF-8.</summary>
    public static byte[] Decode(string piece)
    {
        var bytes = new List<byte>(piece.Length);
        foreach (var character in piece)
        {
            if (CharToByte.TryGetValue(character, out var value))
            {
                bytes.Add(value);
            }
            else
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(character.ToString()));
            }
        }

        return [.. bytes];
    }

    private static char[] BuildTable()
    {
        var table = new char[256];
        var next = 256;
        for (var value = 0; value < 256; value++)
        {
            var standsForItself = value is (>= 33 and <= 126) or (>= 161 and <= 172) or (>= 174 and <= 255);
            table[value] = standsForItself ? (char)value : (char)next++;
        }

        return table;
    }
}
