using System.Text;

namespace LlmGuard.Local.Gguf;

/// <summary>
/// Writes GGUF files (version 2 or 3, little-endian, 32-byte alignment). Output is a pure function of the inputs:
/// metadata in the given order, tensors in the given order, zero padding — so the same model is byte-identical everywhere.
/// </summary>
internal static class GgufWriter
{
    private const int Alignment = 32;

    public static void Write(
        Stream stream,
        uint version,
        IReadOnlyList<KeyValuePair<string, GgufMetadataValue>> metadata,
        IReadOnlyList<(string Name, GgmlType Type, long[] Dimensions, byte[] Data)> tensors)
    {
        if (version is not (2 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "Only GGUF versions 2 and 3 can be written.");
        }

        using var header = new MemoryStream();
        using var writer = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true);
        writer.Write(Encoding.ASCII.GetBytes("GGUF"));
        writer.Write(version);
        writer.Write((ulong)tensors.Count);
        writer.Write((ulong)metadata.Count);
        foreach (var (key, value) in metadata)
        {
            WriteString(writer, key);
            writer.Write((uint)value.Type);
            WriteValue(writer, value);
        }

        long offset = 0;
        foreach (var (name, type, dimensions, data) in tensors)
        {
            var expected = GgmlTypeLayout.ByteSize(type, dimensions.Aggregate(1L, (product, dimension) => product * dimension));
            if (expected != data.Length)
            {
                throw new ArgumentException($"Tensor '{name}' has {data.Length} bytes; its type and shape need {expected}.", nameof(tensors));
            }

            WriteString(writer, name);
            writer.Write((uint)dimensions.Length);
            foreach (var dimension in dimensions)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write((uint)type);
            writer.Write((ulong)offset);
            offset = GgufReader.AlignUp(offset + data.Length, Alignment);
        }

        writer.Write(new byte[GgufReader.AlignUp(header.Length, Alignment) - header.Length]);
        writer.Flush();
        header.Position = 0;
        header.CopyTo(stream);

        long dataPosition = 0;
        foreach (var tensor in tensors)
        {
            stream.Write(tensor.Data);
            dataPosition += tensor.Data.Length;
            var aligned = GgufReader.AlignUp(dataPosition, Alignment);
            stream.Write(new byte[aligned - dataPosition]);
            dataPosition = aligned;
        }

        stream.Flush();
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteValue(BinaryWriter writer, GgufMetadataValue value)
    {
        if (value.Type != GgufValueType.Array)
        {
            WriteScalar(writer, value.Type, value.Value);
            return;
        }

        var items = (Array)value.Value;
        writer.Write((uint)value.ElementType);
        writer.Write((ulong)items.Length);
        foreach (var item in items)
        {
            WriteScalar(writer, value.ElementType, item!);
        }
    }

    private static void WriteScalar(BinaryWriter writer, GgufValueType type, object value)
    {
        switch (type)
        {
            case GgufValueType.UInt8: writer.Write(Convert.ToByte(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Int8: writer.Write(Convert.ToSByte(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.UInt16: writer.Write(Convert.ToUInt16(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Int16: writer.Write(Convert.ToInt16(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.UInt32: writer.Write(Convert.ToUInt32(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Int32: writer.Write(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Float32: writer.Write((float)value); break;
            case GgufValueType.Bool: writer.Write((byte)((bool)value ? 1 : 0)); break;
            case GgufValueType.String: WriteString(writer, (string)value); break;
            case GgufValueType.UInt64: writer.Write(Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Int64: writer.Write(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case GgufValueType.Float64: writer.Write((double)value); break;
            default: throw new NotSupportedException($"Writing GGUF values of type {type} is not supported.");
        }
    }
}
