using Pidgin;
using Wyn.Language.Syntax;

namespace Wyn.Language.Parsing;

/// <summary>Entry point of the front end: text → tokens → syntax tree, with every syntax error reported.</summary>
internal static class SyntaxParser
{
    public static CompilationUnitSyntax Parse(SourceText source, DiagnosticBag diagnostics)
    {
        var lexed = Lexer.Lex(source);
        foreach (var token in lexed)
        {
            if (token.LocatedErrors is { } located)
            {
                foreach (var (span, message) in located)
                {
                    diagnostics.ReportSyntaxError(span, message);
                }
            }
            else if (token.Error is { } error)
            {
                diagnostics.ReportSyntaxError(token.Span, error);
                if (token.Kind == TokenKind.BadCharacter)
                {
                    diagnostics.BadCharacters.Add(token.Span.Start);
                }
            }
        }

        var tokens = lexed.Where(t => t.Kind != TokenKind.BadCharacter).ToArray();
        for (var i = 0; i + 1 < tokens.Length; i++)
        {
            if (tokens[i].Kind == TokenKind.String && tokens[i].Error == Lexer.UnterminatedString)
            {
                diagnostics.TokensAfterUnterminatedStrings.Add(tokens[i + 1].Span.Start);
            }
        }

        var whole = new TextSpan(0, source.Text.Length);
        if (NestingGuard.FindTooDeep(tokens) is { } deep)
        {
            diagnostics.ReportSyntaxError(deep.Span, NestingGuard.Message);
            return new CompilationUnitSyntax([], [], whole);
        }

        var result = StatementGrammar.File.Parse(tokens);
        if (!result.Success)
        {
            var (message, span) = ParseErrorText.Describe(result.Error!, tokens);
            diagnostics.ReportSyntaxError(span, message);
            return new CompilationUnitSyntax([], [], whole);
        }

        var functions = new List<FunctionDeclarationSyntax>();
        var statements = new List<StatementSyntax>();
        foreach (var statement in result.Value)
        {
            if (statement is NestedFunctionSyntax nested)
            {
                functions.Add(nested.Function);
            }
            else
            {
                statements.Add(statement);
            }
        }

        var unit = new CompilationUnitSyntax(functions, statements, whole);
        SyntaxErrorCollector.Collect(unit, diagnostics);
        return unit;
    }
}
