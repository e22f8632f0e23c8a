using Wyn.Language.Syntax;

namespace Wyn.Language.Binding;

internal enum VariableKind
{
    Local,
    Parameter,
    Global,
}

/// <summary>A variable: local, parameter or global. Identity is by reference (shadowing makes new symbols).</summary>
internal sealed class VariableSymbol(string name, WynType type, bool isConst, VariableKind kind, TextSpan declaration)
{
    public string Name { get; } = name;

    public WynType Type { get; } = type;

    public bool IsConst { get; } = isConst;

    public VariableKind Kind { get; } = kind;

    public TextSpan Declaration { get; } = declaration;

    public override string ToString() => Name;
}

/// <summary>A user function declared at the top level.</summary>
internal sealed class FunctionSymbol(string name, IReadOnlyList<VariableSymbol> parameters, FunctionDeclarationSyntax? declaration)
{
    public string Name { get; } = name;

    public IReadOnlyList<VariableSymbol> Parameters { get; } = parameters;

    public FunctionDeclarationSyntax? Declaration { get; } = declaration;

    /// <summary>The return type; null while an inferred (<c>=&gt; expr</c>) return type has not been computed yet.</summary>
    public WynType? ReturnType { get; set; }

    /// <summary>True while the body is being bound to infer the return type (detects self-use).</summary>
    public bool IsInferring { get; set; }

    public bool IsMain => Name == "main";

    /// <summary>Functions this one calls directly (for the "global write from spawned code" check).</summary>
    public HashSet<FunctionSymbol> Callees { get; } = [];

    /// <summary>Global variables this function writes, with the span of each assignment target.</summary>
    public List<(VariableSymbol Global, TextSpan Target)> GlobalWrites { get; } = [];

    public override string ToString() => Name;
}
