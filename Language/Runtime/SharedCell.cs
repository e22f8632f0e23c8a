namespace Wyn.Language.Runtime;

/// <summary>The storage of one <c>Shared</c> atomic int cell.</summary>
internal sealed class SharedCell(long initial)
{
    public long Value = initial;
}
