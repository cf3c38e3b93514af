global using NUnit.Framework;
global using LlmGuard.Loopback;
