using Wyn.Language.Syntax;

namespace Wyn.Language.Parsing;

/// <summary>
/// Walks the tree once and reports the error nodes the parser left behind (failed statements,
/// rejected keywords, unsupported expressions, broken interpolations). Nested functions are legal
/// at the top level only; inside a body they are reported by the binder.
/// </summary>
internal static class SyntaxErrorCollector
{
    public static void Collect(CompilationUnitSyntax unit, DiagnosticBag diagnostics)
    {
        foreach (var function in unit.Functions)
        {
            Visit(function, diagnostics);
        }

        foreach (var statement in unit.TopLevelStatements)
        {
            Visit(statement, diagnostics);
        }
    }

    private static void Visit(FunctionDeclarationSyntax function, DiagnosticBag diagnostics)
    {
        CheckName(function.Name, function.NameSpan, diagnostics);
        foreach (var parameter in function.Parameters)
        {
            CheckName(parameter.Name, parameter.NameSpan, diagnostics);
            if (parameter.MutSpan is { } mut)
            {
                diagnostics.ReportNeedlessMut(mut, "parameters are already mutable locals; remove 'mut'");
            }
        }

        if (function.GenericParametersSpan is { } generics)
        {
            diagnostics.ReportUnsupported(generics, "generics");
            diagnostics.UnsupportedDeclarations.UnionWith(function.GenericParameterNames);
        }

        if (function.Body is { } body)
        {
            Visit(body, diagnostics);
        }

        if (function.ExpressionBody is { } expression)
        {
            Visit(expression, diagnostics);
        }
    }

    private static void Visit(StatementSyntax statement, DiagnosticBag diagnostics)
    {
        switch (statement)
        {
            case ErrorStatementSyntax error:
                diagnostics.NamesInBrokenStatements.UnionWith(error.NamesInside);
                diagnostics.ReportParseError(error.ErrorSpan, error.Message);
                break;
            case RejectedStatementSyntax rejected:
                diagnostics.ReportSyntaxError(rejected.ErrorSpan, rejected.Message);
                if (rejected.DeclaredName is { } declared)
                {
                    diagnostics.UnsupportedDeclarations.Add(declared);
                }

                break;
            case BlockSyntax block:
                foreach (var inner in block.Statements)
                {
                    Visit(inner, diagnostics);
                }

                if (block.MissingCloseBrace is { } missing)
                {
                    diagnostics.SuppressUndefinedNames = true;
                    diagnostics.ReportMissingCloseBrace(missing, block.Span.Start);
                }

                break;
            case VariableDeclarationSyntax declaration:
                CheckName(declaration.Name, declaration.NameSpan, diagnostics);
                if (declaration.MutSpan is { } mut)
                {
                    diagnostics.ReportNeedlessMut(mut, declaration.IsConst ? "a 'const' never changes; write 'var' for a mutable variable" : "a 'var' is already mutable; remove 'mut'");
                }
                Visit(declaration.Initializer, diagnostics);
                break;
            case ExpressionStatementSyntax expression:
                Visit(expression.Expression, diagnostics);
                break;
            case AssignmentSyntax assignment:
                Visit(assignment.Target, diagnostics);
                Visit(assignment.Value, diagnostics);
                break;
            case IfSyntax conditional:
                Visit(conditional.Condition, diagnostics);
                Visit(conditional.Then, diagnostics);
                if (conditional.Else is { } otherwise)
                {
                    Visit(otherwise, diagnostics);
                }

                break;
            case WhileSyntax loop:
                Visit(loop.Condition, diagnostics);
                Visit(loop.Body, diagnostics);
                break;
            case ForSyntax loop:
                CheckName(loop.FirstName, loop.FirstNameSpan, diagnostics);
                if (loop.SecondName is { } second)
                {
                    CheckName(second, loop.SecondNameSpan, diagnostics);
                }

                Visit(loop.Source, diagnostics);
                if (loop.RangeEnd is { } end)
                {
                    Visit(end, diagnostics);
                }

                Visit(loop.Body, diagnostics);
                break;
            case ReturnSyntax { Value: { } value }:
                Visit(value, diagnostics);
                break;
            case NestedFunctionSyntax nested:
                // Rejected by the binder ("declare it at the top level"); its calls are not errors of their own.
                diagnostics.UnsupportedDeclarations.Add(nested.Function.Name);
                Visit(nested.Function, diagnostics);
                break;
        }
    }

    /// <summary>A declared name may be a reserved word only because the parser lets it through (<see cref="TokenParsers.DeclaredName"/>).</summary>
    private static void CheckName(string name, TextSpan span, DiagnosticBag diagnostics)
    {
        if (Keywords.Reserved.Contains(name))
        {
            diagnostics.ReportReservedWordAsName(span, name);
        }
    }

    private static void Visit(ExpressionSyntax expression, DiagnosticBag diagnostics)
    {
        switch (expression)
        {
            case ErrorExpressionSyntax error:
                // A broken interpolation or expression declares nothing: other errors stay reported.
                diagnostics.ReportSyntaxError(error.Span, error.Message);
                break;
            case UnsupportedExpressionSyntax unsupported:
                diagnostics.ReportUnsupported(unsupported.Span, unsupported.Feature);
                break;
            case StringLiteralSyntax text:
                foreach (var segment in text.Segments)
                {
                    if (segment.Expression is { } inner)
                    {
                        Visit(inner, diagnostics);
                    }
                }

                break;
            case ParenthesizedSyntax parenthesized:
                Visit(parenthesized.Inner, diagnostics);
                break;
            case ArrayLiteralSyntax array:
                foreach (var element in array.Elements)
                {
                    Visit(element, diagnostics);
                }

                break;
            case CallSyntax call:
                Visit(call.Callee, diagnostics);
                foreach (var argument in call.Arguments)
                {
                    Visit(argument.Value, diagnostics);
                }

                break;
            case IndexSyntax index:
                Visit(index.Target, diagnostics);
                Visit(index.Index, diagnostics);
                break;
            case MemberAccessSyntax member:
                Visit(member.Target, diagnostics);
                break;
            case UnarySyntax unary:
                Visit(unary.Operand, diagnostics);
                break;
            case AwaitSyntax awaitExpression:
                Visit(awaitExpression.Operand, diagnostics);
                break;
            case SpawnSyntax spawn:
                Visit(spawn.Operand, diagnostics);
                break;
            case BinarySyntax binary:
                Visit(binary.Left, diagnostics);
                Visit(binary.Right, diagnostics);
                break;
            case TernarySyntax ternary:
                Visit(ternary.Condition, diagnostics);
                Visit(ternary.WhenTrue, diagnostics);
                Visit(ternary.WhenFalse, diagnostics);
                break;
        }
    }
}
