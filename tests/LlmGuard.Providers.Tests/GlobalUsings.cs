global using LlmGuard.Loopback;
global using NUnit.Framework;
