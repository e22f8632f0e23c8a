namespace Wyn.Host.Tests;

/// <summary>
/// Test classes whose runs start hundreds of threads each (many blocked tasks, deep spawn chains).
/// xunit runs the classes of one collection one after another. Run side by side on the 2-core test
/// machine, once (while a build ran too), the 20,000-deep chain of program 202 used up its 1,024
/// spare threads on batched and ended in the deadlock report; alone it passed every time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HeavyRunsCollection
{
    public const string Name = "heavy runs";
}
