using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using LlmGuard.Local.Gguf;

namespace LlmGuard.Local.Inference;

/// <summary>Turns a tensor's stored bytes into floats, for the types the runtime expands at load time.</summary>
internal static class TensorDecoding
{
    public static float[] ToFloats(GgufTensor tensor)
    {
        var count = checked((int)tensor.Info.ElementCount);
        var data = tensor.Data;
        var result = new float[count];
        switch (tensor.Info.Type)
        {
            case GgmlType.F32:
                MemoryMarshal.Cast<byte, float>(data).CopyTo(result);
                break;
            case GgmlType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(data), result);
                break;
            case GgmlType.BF16:
                for (var i = 0; i < count; i++)
                {
                    result[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(i * 2)) << 16);
                }

                break;
            case GgmlType.Q8_0:
                DecodeQ8_0(data, result);
                break;
            case GgmlType.Q4_0:
                DecodeQ4_0(data, result);
                break;
            case GgmlType.Q4_K:
                DecodeQ4_K(data, result);
                break;
            case GgmlType.Q6_K:
                DecodeQ6_K(data, result);
                break;
            default:
                throw new NotSupportedException($"Tensor '{tensor.Info.Name}' has type {tensor.Info.Type}, which this runtime does not support (F32, F16, BF16, Q8_0, Q4_0, Q4_K and Q6_K are).");
        }

        return result;
    }

    private static float ReadHalf(ReadOnlySpan<byte> bytes) =>
        (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(bytes));

    private static void DecodeQ8_0(ReadOnlySpan<byte> data, Span<float> result)
    {
        for (int block = 0, offset = 0; offset < data.Length; block++, offset += 34)
        {
            var scale = ReadHalf(data[offset..]);
            for (var j = 0; j < 32; j++)
            {
                result[(block * 32) + j] = scale * (sbyte)data[offset + 2 + j];
            }
        }
    }

    // Q4_0: F16 scale, then 16 bytes; element j is the low nibble of byte j, element j + 16 its high nibble; value = (nibble − 8) × scale.
    private static void DecodeQ4_0(ReadOnlySpan<byte> data, Span<float> result)
    {
        for (int block = 0, offset = 0; offset < data.Length; block++, offset += 18)
        {
            var scale = ReadHalf(data[offset..]);
            for (var j = 0; j < 16; j++)
            {
                var packed = data[offset + 2 + j];
                result[(block * 32) + j] = ((packed & 0x0F) - 8) * scale;
                result[(block * 32) + j + 16] = ((packed >> 4) - 8) * scale;
            }
        }
    }

    // Q4_K super-block of 256: F16 d, F16 dmin, 12 bytes of packed 6-bit scales and mins for 8 sub-blocks, 128 bytes of nibbles.
    private static void DecodeQ4_K(ReadOnlySpan<byte> data, Span<float> result)
    {
        for (int block = 0, offset = 0; offset < data.Length; block++, offset += 144)
        {
            var d = ReadHalf(data[offset..]);
            var dMin = ReadHalf(data[(offset + 2)..]);
            var packedScales = data.Slice(offset + 4, 12);
            var nibbles = data.Slice(offset + 16, 128);
            var output = result.Slice(block * 256, 256);
            for (var chunk = 0; chunk < 4; chunk++)
            {
                var (scaleLow, minLow) = Q4KScaleAndMin((chunk * 2) + 0, packedScales);
                var (scaleHigh, minHigh) = Q4KScaleAndMin((chunk * 2) + 1, packedScales);
                float factorLow = d * scaleLow, offsetLow = dMin * minLow;
                float factorHigh = d * scaleHigh, offsetHigh = dMin * minHigh;
                for (var l = 0; l < 32; l++)
                {
                    var packed = nibbles[(chunk * 32) + l];
                    output[(chunk * 64) + l] = (factorLow * (packed & 0x0F)) - offsetLow;
                    output[(chunk * 64) + 32 + l] = (factorHigh * (packed >> 4)) - offsetHigh;
                }
            }
        }
    }

    private static (int Scale, int Min) Q4KScaleAndMin(int index, ReadOnlySpan<byte> packed) => index < 4
        ? (packed[index] & 63, packed[index + 4] & 63)
        : ((packed[index + 4] & 0x0F) | ((packed[index - 4] >> 6) << 4), (packed[index + 4] >> 4) | ((packed[index] >> 6) << 4));

    // Q6_K super-block of 256: 128 bytes of low nibbles, 64 bytes of high 2-bit pairs, 16 signed 8-bit scales, F16 d.
    private static void DecodeQ6_K(ReadOnlySpan<byte> data, Span<float> result)
    {
        for (int block = 0, offset = 0; offset < data.Length; block++, offset += 210)
        {
            var low = data.Slice(offset, 128);
            var high = data.Slice(offset + 128, 64);
            var subScales = MemoryMarshal.Cast<byte, sbyte>(data.Slice(offset + 192, 16));
            var d = ReadHalf(data[(offset + 208)..]);
            var output = result.Slice(block * 256, 256);
            for (var half = 0; half < 2; half++)
            {
                var ql = low.Slice(half * 64, 64);
                var qh = high.Slice(half * 32, 32);
                var sc = subScales.Slice(half * 8, 8);
                var y = output.Slice(half * 128, 128);
                for (var l = 0; l < 32; l++)
                {
                    var group = l / 16;
                    var q1 = ((ql[l] & 0x0F) | (((qh[l] >> 0) & 3) << 4)) - 32;
                    var q2 = ((ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4)) - 32;
                    var q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                    var q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                    y[l] = d * sc[group] * q1;
                    y[l + 32] = d * sc[group + 2] * q2;
                    y[l + 64] = d * sc[group + 4] * q3;
                    y[l + 96] = d * sc[group + 6] * q4;
                }
            }
        }
    }
}
