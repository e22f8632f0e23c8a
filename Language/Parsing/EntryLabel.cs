using System.Diagnostics.CodeAnalysis;
using Pidgin;
using Wyn.Language.Syntax;

namespace Wyn.Language.Parsing;

/// <summary>
/// Labels a production for error messages only when it fails at its first token. Pidgin's own
/// <c>Labelled</c> replaces the expectations even when the production failed deep inside, which turns
/// "expected ')', found 'var'" into a vague "expected statement, found 'var'".
/// </summary>
internal sealed class EntryLabel<T>(Parser<Token, T> parser, string label) : Parser<Token, T>
{
    private readonly Expected<Token> _expected = new(label);

    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out T result)
    {
        var start = state.Location;
        var childExpecteds = new PooledList<Expected<Token>>(state.Configuration.ArrayPoolProvider.GetArrayPool<Expected<Token>>());
        var success = parser.TryParse(ref state, ref childExpecteds, out result);
        if (!success)
        {
            if (state.Location == start)
            {
                expecteds.Add(_expected);
            }
            else
            {
                expecteds.AddRange(childExpecteds.AsSpan());
            }
        }

        childExpecteds.Dispose();
        return success;
    }
}

internal static class EntryLabelExtensions
{
    /// <summary>Like <c>Labelled</c>, but keeps the inner expectations when the failure is past the first token.</summary>
    public static Parser<Token, T> Named<T>(this Parser<Token, T> parser, string label) => new EntryLabel<T>(parser, label);
}
