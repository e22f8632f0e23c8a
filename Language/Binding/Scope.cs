namespace Wyn.Language.Binding;

/// <summary>A lexical scope of variables; lookups walk outwards to the global scope.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, VariableSymbol> _variables = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public bool TryDeclare(VariableSymbol variable) => _variables.TryAdd(variable.Name, variable);

    public VariableSymbol? Lookup(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._variables.TryGetValue(name, out var variable))
            {
                return variable;
            }
        }

        return null;
    }
}
