namespace Wyn.Language.Syntax;

/// <summary>Reserved words of WYN-CORE §1, and the subset that core rejects as "not supported yet" (§10).</summary>
public static class Keywords
{
    public static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "and", "as", "await", "break", "channel", "const", "continue", "defer", "else", "enum", "export",
        "extern", "false", "fn", "for", "from", "if", "impl", "import", "in", "match", "mut", "not", "None",
        "or", "parallel", "pub", "return", "select", "self", "Some", "spawn", "struct", "trait", "true",
        "type", "var", "while", "yield",
    };

    /// <summary>Words that start a construct core Wyn does not have yet, with the feature name for the message ("{feature} are not supported yet", so the names are plural).</summary>
    public static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["struct"] = "structs",
        ["enum"] = "enums",
        ["impl"] = "impl blocks",
        ["match"] = "match expressions",
        ["trait"] = "traits",
        ["import"] = "modules and import",
        ["from"] = "modules and import",
        ["export"] = "modules and export",
        ["extern"] = "extern declarations",
        ["pub"] = "visibility modifiers",
        ["select"] = "select statements",
        ["parallel"] = "parallel blocks",
        ["defer"] = "defer statements",
        ["yield"] = "generators (yield)",
        ["type"] = "type declarations",
        ["mut"] = "'mut' declarations",
        ["self"] = "methods and 'self'",
        ["Some"] = "optionals",
        ["None"] = "optionals",
        ["as"] = "casts with 'as'",
    };
}
