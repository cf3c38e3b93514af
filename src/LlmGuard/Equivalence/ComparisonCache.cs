using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LlmGuard.Equivalence;

/// <summary>
/// What embedding and judge models answered, kept on disk so a re-run costs no call: embedding vectors keyed by a hash of the
/// embedding model and the text, judge answers keyed by the request's fingerprint. Two append-only JSON Lines files in the
/// cache folder (<c>embeddings.jsonl</c>, <c>judge.jsonl</c>), read once when first needed; a torn or unreadable line is
/// skipped. Only answers are kept, never failures. Thread-safe. A null folder keeps everything in memory only.
/// </summary>
internal sealed class ComparisonCache(string? directory)
{
    private const string EmbeddingsFile = "embeddings.jsonl";
    private const string JudgeFile = "judge.jsonl";

    /// <summary>Files larger than this are not read (and not appended to): the cache is an optimization, never a risk.</summary>
    private const long MaxFileBytes = 256L * 1024 * 1024;

    private readonly Lock gate = new();
    private Dictionary<string, float[]>? embeddings;
    private Dictionary<string, CachedJudgeAnswer>? judgeAnswers;

    /// <summary>The cache folder; null when the cache lives in memory only.</summary>
    public string? Directory { get; } = directory is null ? null : Path.GetFullPath(directory);

    /// <summary>The key of a text's embedding under a model: <c>sha256</c> of provider, model and text.</summary>
    public static string EmbeddingKey(string provider, string model, string text) => Hash($"embedding\n{provider}\n{model}\n{text}");

    /// <summary>A SHA-256 of a text, as lower-case hex.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public bool TryGetEmbedding(string key, out float[] vector)
    {
        lock (gate)
        {
            embeddings ??= Load(EmbeddingsFile, ReadEmbedding);
            return embeddings.TryGetValue(key, out vector!);
        }
    }

    public void AddEmbedding(string key, float[] vector)
    {
        lock (gate)
        {
            embeddings ??= Load(EmbeddingsFile, ReadEmbedding);
            if (embeddings.TryAdd(key, vector))
            {
                Append(EmbeddingsFile, JsonSerializer.Serialize(new EmbeddingLine(key, Convert.ToBase64String(ToBytes(vector)))));
            }
        }
    }

    public bool TryGetJudgeAnswer(string key, out CachedJudgeAnswer answer)
    {
        lock (gate)
        {
            judgeAnswers ??= Load(JudgeFile, ReadJudgeAnswer);
            return judgeAnswers.TryGetValue(key, out answer!);
        }
    }

    public void AddJudgeAnswer(string key, CachedJudgeAnswer answer)
    {
        lock (gate)
        {
            judgeAnswers ??= Load(JudgeFile, ReadJudgeAnswer);
            if (judgeAnswers.TryAdd(key, answer))
            {
                Append(JudgeFile, JsonSerializer.Serialize(new JudgeLine(key, answer.Text, answer.ResolvedModel)));
            }
        }
    }

    private Dictionary<string, T> Load<T>(string file, Func<string, (string Key, T Value)?> read)
    {
        var entries = new Dictionary<string, T>(StringComparer.Ordinal);
        if (Directory is null)
        {
            return entries;
        }

        var path = Path.Combine(Directory, file);
        try
        {
            if (!File.Exists(path) || new FileInfo(path).Length > MaxFileBytes)
            {
                return entries;
            }

            foreach (var line in File.ReadLines(path))
            {
                if (read(line) is { } entry)
                {
                    entries.TryAdd(entry.Key, entry.Value);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // An unreadable cache only costs calls.
        }

        return entries;
    }

    private void Append(string file, string line)
    {
        if (Directory is null)
        {
            return;
        }

        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var path = Path.Combine(Directory, file);
            if (File.Exists(path) && new FileInfo(path).Length > MaxFileBytes)
            {
                return;
            }

            File.AppendAllText(path, line + "\n");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Not cached this time; the next run asks again.
        }
    }

    private static (string, float[])? ReadEmbedding(string line)
    {
        try
        {
            var entry = JsonSerializer.Deserialize<EmbeddingLine>(line);
            if (entry?.Key is not { Length: > 0 } key || entry.Vector is null)
            {
                return null;
            }

            var bytes = Convert.FromBase64String(entry.Vector);
            return bytes.Length % 4 == 0 ? (key, FromBytes(bytes)) : null;
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            return null;
        }
    }

    private static (string, CachedJudgeAnswer)? ReadJudgeAnswer(string line)
    {
        try
        {
            var entry = JsonSerializer.Deserialize<JudgeLine>(line);
            return entry?.Key is { Length: > 0 } key && entry.Text is { } text ? (key, new CachedJudgeAnswer(text, entry.Model)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] ToBytes(float[] vector)
    {
        var bytes = new byte[vector.Length * 4];
        for (var index = 0; index < vector.Length; index++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(index * 4), vector[index]);
        }

        return bytes;
    }

    private static float[] FromBytes(byte[] bytes)
    {
        var vector = new float[bytes.Length / 4];
        for (var index = 0; index < vector.Length; index++)
        {
            vector[index] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(index * 4));
        }

        return vector;
    }

    private sealed record EmbeddingLine(string Key, string Vector);

    private sealed record JudgeLine(string Key, string Text, string? Model);
}
