using Wyn.Language.Syntax;

namespace Wyn.Language.Emit;

/// <summary>
/// A program past one of the .NET runtime's size limits (locals in one method, fields in one type,
/// characters of string constants in one module): reported as a compile error at the construct that
/// crossed it, instead of the internal compiler error the runtime's own exception would give (sweep 9).
/// </summary>
internal sealed class WynLimitException(TextSpan span, string message) : Exception(message)
{
    public TextSpan Span { get; } = span;
}
