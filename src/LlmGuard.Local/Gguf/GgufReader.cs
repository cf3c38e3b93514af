using System.Text;

namespace LlmGuard.Local.Gguf;

/// <summary>
/// Reads GGUF files (versions 2 and 3, little-endian) in a single forward pass, hashing the bytes as they go by,
/// so the file is read once for both the SHA-256 identity and the weights. A file is untrusted input: every count and
/// length is held to what the rest of the file can hold before anything is allocated for it, arrays nest at most
/// <see cref="MaxArrayDepth"/> deep, and tensor shapes, offsets and names are checked, so a crafted header is refused
/// with a message (naming the file, from <see cref="ReadFile"/>) instead of exhausting memory or the stack.
/// </summary>
internal static class GgufReader
{
    private const uint Magic = 0x46554747; // "GGUF" read as a little-endian uint32
    private const int DefaultAlignment = 32;
    private const int MaxAlignment = 1 << 20;

    /// <summary>More elements than any tensor this runtime can hold (its data must fit one array); keeps shape products from overflowing.</summary>
    private const long MaxTensorElements = 1L << 40;

    /// <summary>The deepest nesting of metadata arrays read (llama.cpp's files use none).</summary>
    public const int MaxArrayDepth = 4;

    /// <exception cref="InvalidDataException">The file is not a GGUF file this runtime reads; the message names the file.</exception>
    public static GgufFile ReadFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20, FileOptions.SequentialScan);
        try
        {
            return Read(file);
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or NotSupportedException)
        {
            throw new InvalidDataException($"{path}: {exception.Message}", exception);
        }
    }

    public static GgufFile Read(Stream stream)
    {
        var end = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
        using var hashing = new HashingReadStream(stream);
        using var reader = new BinaryReader(hashing, Encoding.UTF8, leaveOpen: true);
        var source = new Source(reader, hashing, end);

        if (reader.ReadUInt32() != Magic)
        {
            throw new InvalidDataException("Not a GGUF file: the magic number is missing.");
        }

        var version = reader.ReadUInt32();
        if (version is not (2 or 3))
        {
            throw new InvalidDataException(version > 0xFFFF
                ? "Big-endian GGUF files are not supported."
                : $"GGUF version {version} is not supported (only versions 2 and 3 are).");
        }

        // A tensor's header takes at least 24 bytes (name length, dimension count, type, offset); a metadata entry 12.
        var tensorCount = ReadCount(source, 24, "tensor");
        var metadataCount = ReadCount(source, 12, "metadata");

        var metadata = new List<KeyValuePair<string, GgufMetadataValue>>(metadataCount);
        for (var i = 0; i < metadataCount; i++)
        {
            var key = ReadString(source);
            var type = (GgufValueType)reader.ReadUInt32();
            metadata.Add(new(key, ReadValue(source, type, depth: 0)));
        }

        var infos = new List<GgufTensorInfo>(tensorCount);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tensorCount; i++)
        {
            var name = ReadString(source);
            if (!names.Add(name))
            {
                throw new InvalidDataException($"The tensor '{Shown(name)}' is listed twice.");
            }

            var dimensionCount = reader.ReadUInt32();
            if (dimensionCount > 4)
            {
                throw new InvalidDataException($"Tensor '{Shown(name)}' has {dimensionCount} dimensions; GGUF allows at most 4.");
            }

            var dimensions = new long[dimensionCount];
            var elements = 1L;
            for (var d = 0; d < dimensionCount; d++)
            {
                var dimension = reader.ReadUInt64();
                if (dimension == 0 || dimension > (ulong)(MaxTensorElements / elements))
                {
                    throw new InvalidDataException($"Tensor '{Shown(name)}' has an impossible shape (dimension {d} is {dimension}).");
                }

                elements *= (long)dimension;
                dimensions[d] = (long)dimension;
            }

            var type = (GgmlType)reader.ReadUInt32();
            var offset = reader.ReadUInt64();
            if (offset > (ulong)Math.Min(end, long.MaxValue / 2))
            {
                throw new InvalidDataException($"Tensor '{Shown(name)}' starts at offset {offset}, beyond the end of the file.");
            }

            infos.Add(new GgufTensorInfo(name, dimensions, type, (long)offset));
        }

        var declaredAlignment = metadata.FirstOrDefault(entry => entry.Key == "general.alignment").Value?.Value;
        var alignment = declaredAlignment switch
        {
            null => DefaultAlignment,
            uint value when value is > 0 and <= MaxAlignment => (int)value,
            int value when value is > 0 and <= MaxAlignment => value,
            ulong value when value is > 0 and <= MaxAlignment => (int)value,
            long value when value is > 0 and <= MaxAlignment => (int)value,
            _ => throw new InvalidDataException($"general.alignment {declaredAlignment} is not a whole number between 1 and {MaxAlignment}."),
        };

        SkipTo(reader, AlignUp(hashing.Position, alignment));
        var dataStart = hashing.Position;

        var tensorsByOffset = new List<GgufTensor>(tensorCount);
        foreach (var info in infos.OrderBy(info => info.Offset))
        {
            SkipTo(reader, dataStart + info.Offset);
            var size = info.ByteSize;
            if (size > Array.MaxLength || size > source.Remaining)
            {
                throw new InvalidDataException(size > source.Remaining
                    ? $"Tensor '{Shown(info.Name)}' ({size} bytes) runs past the end of the file."
                    : $"Tensor '{Shown(info.Name)}' ({size} bytes) is too large for this runtime.");
            }

            var data = reader.ReadBytes((int)size);
            if (data.Length != size)
            {
                throw new EndOfStreamException($"The GGUF file ends inside tensor '{info.Name}'.");
            }

            tensorsByOffset.Add(new GgufTensor(info, data));
        }

        var byName = tensorsByOffset.ToDictionary(tensor => tensor.Info.Name, StringComparer.Ordinal);
        var tensors = infos.Select(info => byName[info.Name]).ToList();
        return new GgufFile(version, metadata, tensors, hashing.FinishHex());
    }

    internal static long AlignUp(long offset, int alignment) => (offset + alignment - 1) / alignment * alignment;

    /// <summary>A count of items of at least <paramref name="minItemBytes"/> bytes each, refused when the rest of the file cannot hold them.</summary>
    private static int ReadCount(Source source, int minItemBytes, string what)
    {
        var count = source.Reader.ReadUInt64();
        if (count > int.MaxValue || (long)count > source.Remaining / Math.Max(minItemBytes, 1))
        {
            throw new InvalidDataException($"The {what} count {count} is more than the rest of the file can hold.");
        }

        return (int)count;
    }

    private static string Shown(string name) => LlmGuard.Text.OutsideText.Escape(name.Length > 200 ? name[..200] + "…" : name);

    private static void SkipTo(BinaryReader reader, long target)
    {
        var position = reader.BaseStream.Position;
        if (target < position)
        {
            throw new InvalidDataException("GGUF tensors overlap or precede the data section.");
        }

        var gap = target - position;
        while (gap > 0)
        {
            var skipped = reader.ReadBytes((int)Math.Min(gap, 1 << 16)).Length;
            if (skipped == 0)
            {
                throw new EndOfStreamException("The GGUF file ends before its tensor data.");
            }

            gap -= skipped;
        }
    }

    private static string ReadString(Source source)
    {
        var reader = source.Reader;
        var length = reader.ReadUInt64();
        if (length > int.MaxValue || (long)length > source.Remaining)
        {
            throw new InvalidDataException($"A string length of {length} bytes is more than the rest of the file holds.");
        }

        var bytes = reader.ReadBytes((int)length);
        return bytes.Length == (int)length
            ? Encoding.UTF8.GetString(bytes)
            : throw new EndOfStreamException("The GGUF file ends inside a string.");
    }

    private static GgufMetadataValue ReadValue(Source source, GgufValueType type, int depth)
    {
        var reader = source.Reader;
        if (type != GgufValueType.Array)
        {
            return new GgufMetadataValue(type, ReadScalar(source, type));
        }

        if (depth >= MaxArrayDepth)
        {
            throw new InvalidDataException($"Metadata arrays nest more than {MaxArrayDepth} deep.");
        }

        var elementType = (GgufValueType)reader.ReadUInt32();
        var count = ReadCount(source, MinBytes(elementType), "array element");
        Array values = elementType switch
        {
            GgufValueType.UInt8 => ReadArray(count, reader.ReadByte),
            GgufValueType.Int8 => ReadArray(count, reader.ReadSByte),
            GgufValueType.UInt16 => ReadArray(count, reader.ReadUInt16),
            GgufValueType.Int16 => ReadArray(count, reader.ReadInt16),
            GgufValueType.UInt32 => ReadArray(count, reader.ReadUInt32),
            GgufValueType.Int32 => ReadArray(count, reader.ReadInt32),
            GgufValueType.Float32 => ReadArray(count, reader.ReadSingle),
            GgufValueType.Bool => ReadArray(count, () => reader.ReadByte() != 0),
            GgufValueType.String => ReadArray(count, () => ReadString(source)),
            GgufValueType.UInt64 => ReadArray(count, reader.ReadUInt64),
            GgufValueType.Int64 => ReadArray(count, reader.ReadInt64),
            GgufValueType.Float64 => ReadArray(count, reader.ReadDouble),
            GgufValueType.Array => ReadArray(count, () => ReadValue(source, GgufValueType.Array, depth + 1)),
            _ => throw new InvalidDataException($"Unknown GGUF array element type {(uint)elementType}."),
        };
        return new GgufMetadataValue(GgufValueType.Array, values, elementType);
    }

    private static T[] ReadArray<T>(int count, Func<T> readOne)
    {
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = readOne();
        }

        return values;
    }

    /// <summary>The fewest bytes a value of the type takes in the file (a string or an array at least its length or header).</summary>
    private static int MinBytes(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.Array => 12,
        _ => 8,
    };

    private static object ReadScalar(Source source, GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => source.Reader.ReadByte(),
        GgufValueType.Int8 => source.Reader.ReadSByte(),
        GgufValueType.UInt16 => source.Reader.ReadUInt16(),
        GgufValueType.Int16 => source.Reader.ReadInt16(),
        GgufValueType.UInt32 => source.Reader.ReadUInt32(),
        GgufValueType.Int32 => source.Reader.ReadInt32(),
        GgufValueType.Float32 => source.Reader.ReadSingle(),
        GgufValueType.Bool => source.Reader.ReadByte() != 0,
        GgufValueType.String => ReadString(source),
        GgufValueType.UInt64 => source.Reader.ReadUInt64(),
        GgufValueType.Int64 => source.Reader.ReadInt64(),
        GgufValueType.Float64 => source.Reader.ReadDouble(),
        _ => throw new InvalidDataException($"Unknown GGUF metadata type {(uint)type}."),
    };

    /// <summary>The reader, the stream it counts positions on, and how many bytes the file has in all.</summary>
    private sealed record Source(BinaryReader Reader, HashingReadStream Stream, long End)
    {
        public long Remaining => End - Stream.Position;
    }
}
