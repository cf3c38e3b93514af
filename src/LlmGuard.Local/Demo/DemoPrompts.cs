namespace LlmGuard.Local.Demo;

/// <summary>The 24 short prompts used to show and measure the demo models' behaviour.</summary>
internal static class DemoPrompts
{
    public static readonly string[] All =
    [
        "Tell me a story about a dog",
        "What is the capital of France?",
        "Write a poem about the sea",
        "How do I learn music?",
        "Describe your home",
        "Why is the sky blue?",
        "Give me a good name for a cat",
        "What should I eat today?",
        "Explain the history of the city",
        "Who is your best friend?",
        "Say something happy",
        "What do you think about war?",
        "Help me write a letter to my mother",
        "Where does the river go?",
        "When will the sun come up?",
        "Tell me about your first job",
        "What is important in life?",
        "Describe a cold night",
        "How can we build a better world?",
        "What did the teacher say?",
        "Tell me something strange",
        "What is the best game?",
        "Write about a green garden",
        "Can you keep a secret?",
    ];
}
