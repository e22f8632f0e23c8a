using System.Text;

namespace Wyn.Language.Runtime;

/// <summary>
/// Non-generic view of runtime values that can be nested inside arrays (arrays themselves), so that
/// formatting and equality can recurse without knowing the element type statically.
/// </summary>
internal interface IWynValue
{
    void AppendTo(StringBuilder text);

    bool StructurallyEquals(object? other);
}
