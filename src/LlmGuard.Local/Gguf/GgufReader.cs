using System.Text;

namespace LlmGuard.Local.Gguf;

/// <summary>
/// Reads GGUF files (versions 2 and 3, little-endian) in a single forward pass, hashing the bytes as they go by,
/// so the file is read once for both the SHA-256 identity and the weights.
/// </summary>
internal static class GgufReader
{
    private const uint Magic = 0x46554747; // "GGUF" read as a little-endian uint32
    private const int DefaultAlignment = 32;

    public static GgufFile ReadFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20, FileOptions.SequentialScan);
        return Read(file);
    }

    public static GgufFile Read(Stream stream)
    {
        using var hashing = new HashingReadStream(stream);
        using var reader = new BinaryReader(hashing, Encoding.UTF8, leaveOpen: true);

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

        var tensorCount = ReadCount(reader);
        var metadataCount = ReadCount(reader);

        var metadata = new List<KeyValuePair<string, GgufMetadataValue>>(metadataCount);
        for (var i = 0; i < metadataCount; i++)
        {
            var key = ReadString(reader);
            var type = (GgufValueType)reader.ReadUInt32();
            metadata.Add(new(key, ReadValue(reader, type)));
        }

        var infos = new List<GgufTensorInfo>(tensorCount);
        for (var i = 0; i < tensorCount; i++)
        {
            var name = ReadString(reader);
            var dimensionCount = reader.ReadUInt32();
            if (dimensionCount > 4)
            {
                throw new InvalidDataException($"Tensor '{name}' has {dimensionCount} dimensions; GGUF allows at most 4.");
            }

            var dimensions = new long[dimensionCount];
            for (var d = 0; d < dimensionCount; d++)
            {
                dimensions[d] = checked((long)reader.ReadUInt64());
            }

            var type = (GgmlType)reader.ReadUInt32();
            var offset = checked((long)reader.ReadUInt64());
            infos.Add(new GgufTensorInfo(name, dimensions, type, offset));
        }

        var declaredAlignment = metadata.FirstOrDefault(entry => entry.Key == "general.alignment").Value?.Value;
        var alignment = declaredAlignment is null ? DefaultAlignment : Convert.ToInt32(declaredAlignment, System.Globalization.CultureInfo.InvariantCulture);
        if (alignment <= 0)
        {
            throw new InvalidDataException($"general.alignment {alignment} is not positive.");
        }

        SkipTo(reader, AlignUp(hashing.Position, alignment));
        var dataStart = hashing.Position;

        var tensorsByOffset = new List<GgufTensor>(tensorCount);
        foreach (var info in infos.OrderBy(info => info.Offset))
        {
            SkipTo(reader, dataStart + info.Offset);
            var size = info.ByteSize;
            if (size > Array.MaxLength)
            {
                throw new InvalidDataException($"Tensor '{info.Name}' ({size} bytes) is too large for this runtime.");
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

    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadUInt64();
        return count > int.MaxValue ? throw new InvalidDataException($"Count {count} is out of range.") : (int)count;
    }

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

    private static string ReadString(BinaryReader reader)
    {
        var length = reader.ReadUInt64();
        if (length > int.MaxValue)
        {
            throw new InvalidDataException($"String length {length} is out of range.");
        }

        var bytes = reader.ReadBytes((int)length);
        return bytes.Length == (int)length
            ? Encoding.UTF8.GetString(bytes)
            : throw new EndOfStreamException("The GGUF file ends inside a string.");
    }

    private static GgufMetadataValue ReadValue(BinaryReader reader, GgufValueType type)
    {
        if (type != GgufValueType.Array)
        {
            return new GgufMetadataValue(type, ReadScalar(reader, type));
        }

        var elementType = (GgufValueType)reader.ReadUInt32();
        var count = ReadCount(reader);
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
            GgufValueType.String => ReadArray(count, () => ReadString(reader)),
            GgufValueType.UInt64 => ReadArray(count, reader.ReadUInt64),
            GgufValueType.Int64 => ReadArray(count, reader.ReadInt64),
            GgufValueType.Float64 => ReadArray(count, reader.ReadDouble),
            GgufValueType.Array => ReadArray(count, () => ReadValue(reader, GgufValueType.Array)),
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

    private static object ReadScalar(BinaryReader reader, GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => reader.ReadByte(),
        GgufValueType.Int8 => reader.ReadSByte(),
        GgufValueType.UInt16 => reader.ReadUInt16(),
        GgufValueType.Int16 => reader.ReadInt16(),
        GgufValueType.UInt32 => reader.ReadUInt32(),
        GgufValueType.Int32 => reader.ReadInt32(),
        GgufValueType.Float32 => reader.ReadSingle(),
        GgufValueType.Bool => reader.ReadByte() != 0,
        GgufValueType.String => ReadString(reader),
        GgufValueType.UInt64 => reader.ReadUInt64(),
        GgufValueType.Int64 => reader.ReadInt64(),
        GgufValueType.Float64 => reader.ReadDouble(),
        _ => throw new InvalidDataException($"Unknown GGUF metadata type {(uint)type}."),
    };
}
