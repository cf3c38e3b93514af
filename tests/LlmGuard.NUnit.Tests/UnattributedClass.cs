namespace LlmGuard.NUnit.Tests;

/// <summary>A class that forgot the attribute. Abstract, so NUnit does not run it as a fixture of this project.</summary>
internal abstract class UnattributedClass : LlmGuardFixture;
