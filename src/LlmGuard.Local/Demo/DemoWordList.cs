namespace LlmGuard.Local.Demo;

/// <summary>The demo vocabulary's whole words: common English words, plus the words of the chat template.</summary>
internal static class DemoWordList
{
    /// <summary>Words the chat template writes; they are in the vocabulary but the demo model never predicts them.</summary>
    public static readonly string[] TemplateWords = ["System", "User", "Assistant", "Tool"];

    public static readonly string[] Words =
    [
        "the", "a", "an", "and", "or", "but", "if", "then", "so", "because", "of", "to", "in", "on", "at", "by",
        "for", "with", "from", "about", "into", "over", "after", "before", "under", "between", "through", "during",
        "without", "again", "i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "my",
        "your", "his", "its", "our", "their", "this", "that", "these", "those", "who", "what", "which", "when",
        "where", "why", "how", "all", "some", "any", "each", "every", "no", "not", "more", "most", "many", "much",
        "few", "other", "another", "such", "only", "own", "same", "very", "just", "also", "well", "still", "even",
        "here", "there", "now", "today", "always", "never", "often", "soon", "is", "are", "was", "were", "be",
        "been", "being", "have", "has", "had", "do", "does", "did", "will", "would", "can", "could", "should",
        "may", "might", "must", "say", "said", "make", "made", "go", "went", "know", "knew", "take", "took", "see",
        "saw", "come", "came", "think", "thought", "look", "want", "give", "gave", "use", "find", "found", "tell",
        "told", "ask", "work", "seem", "feel", "try", "leave", "call", "keep", "let", "begin", "help", "show",
        "hear", "play", "run", "move", "live", "believe", "bring", "write", "read", "sit", "stand", "lose", "pay",
        "meet", "learn", "change", "lead", "understand", "watch", "follow", "stop", "speak", "grow", "open",
        "walk", "win", "remember", "love", "buy", "wait", "send", "build", "fall", "cut", "reach", "kill",
        "time", "year", "people", "way", "day", "man", "woman", "child", "world", "life", "hand", "part", "place",
        "case", "week", "company", "system", "program", "question", "government", "number", "night", "point",
        "home", "water", "room", "mother", "father", "area", "money", "story", "fact", "month", "lot", "right",
        "study", "book", "eye", "job", "word", "business", "issue", "side", "kind", "head", "house", "service",
        "friend", "power", "hour", "game", "line", "end", "member", "law", "car", "city", "community", "name",
        "team", "minute", "idea", "kid", "body", "information", "back", "face", "level", "office", "door",
        "health", "person", "art", "war", "history", "party", "result", "morning", "reason", "research", "girl",
        "guy", "moment", "air", "teacher", "force", "education", "food", "music", "river", "tree", "sun", "moon",
        "sea", "road", "light", "fire", "town", "garden", "window", "paper", "table", "dog", "cat", "bird",
        "good", "new", "first", "last", "long", "great", "little", "old", "big", "high", "different", "small",
        "large", "next", "early", "young", "important", "public", "bad", "able", "late", "hard", "major",
        "better", "best", "free", "true", "full", "clear", "simple", "quiet", "bright", "dark", "warm", "cold",
        "happy", "strange", "green", "blue", "red", "white", "black", "slowly", "quickly", "together", "alone",
        "away", "down", "up", "out", "off", "yes", "maybe", "please", "thanks", "hello",
    ];
}
