using System.Runtime.InteropServices;
using LlmGuard.Local.Gguf;

namespace LlmGuard.Local.Inference;

/// <summary>Builds the matrix type that suits a tensor's storage type.</summary>
internal static class WeightMatrices
{
    public static WeightMatrix FromTensor(GgufTensor tensor, int rows, int columns)
    {
        var dimensions = tensor.Info.Dimensions;
        if (dimensions.Count != 2 || dimensions[0] != columns || dimensions[1] != rows)
        {
            throw new InvalidDataException($"Tensor '{tensor.Info.Name}' has shape [{string.Join(", ", dimensions)}]; expected [{columns}, {rows}].");
        }

        return tensor.Info.Type switch
        {
            GgmlType.Q8_0 => new Q8_0Matrix(tensor.Data, rows, columns),
            GgmlType.F16 => new HalfMatrix(MemoryMarshal.Cast<byte, short>(tensor.Data).ToArray(), rows, columns),
            _ => new DenseMatrix(TensorDecoding.ToFloats(tensor), rows, columns),
        };
    }
}
