using System.Collections.Concurrent;
using LlmGuard.Local.Chat;

namespace LlmGuard.Local.Tests;

/// <summary>Loads each model file once per test run.</summary>
internal static class ModelCache
{
    private static readonly ConcurrentDictionary<string, Lazy<LoadedModel>> Models = new(StringComparer.Ordinal);

    public static LoadedModel Get(string path) =>
        Models.GetOrAdd(Path.GetFullPath(path), full => new Lazy<LoadedModel>(() => LoadedModel.Load(full))).Value;
}
