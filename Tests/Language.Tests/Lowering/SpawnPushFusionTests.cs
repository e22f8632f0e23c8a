using Wyn.Language.Binding;
using Wyn.Language.Lowering;
using Wyn.Language.Parsing;
using Wyn.Language.Syntax;

namespace Wyn.Language.Tests.Lowering;

/// <summary>
/// Which <c>var f = spawn g(x)</c> + <c>xs.push(f)</c> pairs the lowerer turns into <c>xs.push(spawn g(x))</c>
/// (Language/Lowering/SpawnPushFusion.cs). Conformance program 299 checks that every variant still
/// computes the same values; these tests check that the fast form is really chosen, and only when safe.
/// </summary>
public sealed class SpawnPushFusionTests
{
    private const string Functions = """
        fn square(n: int) -> int { return n * n }
        var global_futures: [Future<int>] = []
        """;

    [Theory]
    [InlineData("var xs = []\n    var f = spawn square(3)\n    xs.push(f)")]
    [InlineData("var xs = []\n    for i in 0..10 {\n        var f = spawn square(i)\n        xs.push(f)\n    }")]
    [InlineData("var xs = []\n    var i = 0\n    while i < 10 {\n        var f = spawn square(i)\n        xs.push(f)\n        i += 1\n    }")]
    public void A_local_used_only_by_the_push_becomes_a_push_of_the_spawn(string body)
    {
        List<BoundBuiltinCall> pushes = PushesIn(body);
        Assert.Single(pushes);
        Assert.IsType<BoundSpawn>(pushes[0].Arguments[1]);
    }

    [Theory]
    [InlineData("var xs = []\n    var f = spawn square(3)\n    xs.push(f)\n    println(await f)")]
    [InlineData("var xs = []\n    var f = spawn square(3)\n    xs.push(f)\n    f = spawn square(4)")]
    [InlineData("var f = spawn square(3)\n    global_futures.push(f)")]
    [InlineData("var xs = []\n    var f = spawn square(3)\n    println(1)\n    xs.push(f)")]
    public void A_local_used_again_a_global_array_or_a_statement_between_keep_the_two_statements(string body)
    {
        List<BoundBuiltinCall> pushes = PushesIn(body);
        Assert.Single(pushes);
        Assert.IsType<BoundVariable>(pushes[0].Arguments[1]);
    }

    private static List<BoundBuiltinCall> PushesIn(string mainBody)
    {
        string text = $"{Functions}\nfn main() {{\n    {mainBody}\n}}\n";
        var source = new SourceText(text, "fusion.wyn");
        var diagnostics = new DiagnosticBag(source);
        BoundProgram program = Binder.Bind(SyntaxParser.Parse(source, diagnostics), diagnostics);
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics.ToSortedList()));
        BoundFunction main = program.Functions.Single(f => f.Symbol.Name == "main");
        var pushes = new List<BoundBuiltinCall>();
        Collect(Lowerer.Lower(main.Body), pushes);
        return pushes;
    }

    private static void Collect(BoundStatement statement, List<BoundBuiltinCall> pushes)
    {
        switch (statement)
        {
            case BoundBlock block:
                foreach (BoundStatement inner in block.Statements)
                    Collect(inner, pushes);
                break;
            case BoundWhile loop:
                Collect(loop.Body, pushes);
                break;
            case BoundIf conditional:
                Collect(conditional.Then, pushes);
                if (conditional.Else is { } otherwise)
                    Collect(otherwise, pushes);
                break;
            case BoundExpressionStatement { Expression: BoundBuiltinCall { Builtin: Builtin.Push } push }:
                pushes.Add(push);
                break;
        }
    }
}
