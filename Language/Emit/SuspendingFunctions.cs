using Wyn.Language.Binding;

namespace Wyn.Language.Emit;

/// <summary>
/// Which functions get a resumable version (decision 0013): those that send or receive on a channel
/// or sleep, and those that call one of them directly (a spawn is not a call). A fire-and-forget spawn of such a
/// function runs its resumable version, so the task suspends where it would have blocked its thread.
/// Main is never one (it runs on its own thread and may block). A function whose tree holds a node
/// this walk does not know keeps only its blocking version, which is always correct.
/// </summary>
internal static class SuspendingFunctions
{
    public static HashSet<FunctionSymbol> Find(BoundProgram program)
    {
        var waits = new List<FunctionSymbol>();
        var callersOf = new Dictionary<FunctionSymbol, List<FunctionSymbol>>();
        var eligible = new HashSet<FunctionSymbol>();
        foreach (var function in program.Functions)
        {
            if (ReferenceEquals(function.Symbol, program.Main))
            {
                continue;
            }

            var scan = new Scan();
            if (!scan.Walk(function.Body))
            {
                continue;
            }

            eligible.Add(function.Symbol);
            if (scan.Waits)
            {
                waits.Add(function.Symbol);
            }

            foreach (var callee in scan.Callees)
            {
                if (!callersOf.TryGetValue(callee, out var callers))
                {
                    callersOf[callee] = callers = [];
                }

                callers.Add(function.Symbol);
            }
        }

        var suspending = new HashSet<FunctionSymbol>(waits);
        var pending = new Queue<FunctionSymbol>(waits);
        while (pending.TryDequeue(out var function))
        {
            if (!callersOf.TryGetValue(function, out var callers))
            {
                continue;
            }

            foreach (var caller in callers)
            {
                if (eligible.Contains(caller) && suspending.Add(caller))
                {
                    pending.Enqueue(caller);
                }
            }
        }

        return suspending;
    }

    private sealed class Scan
    {
        public bool Waits;
        public readonly HashSet<FunctionSymbol> Callees = [];

        /// <summary>False when the tree holds a node this walk does not know.</summary>
        public bool Walk(BoundNode? node) => node switch
        {
            null => true,
            BoundVariable or BoundLiteral or BoundErrorExpression or BoundBreak or BoundContinue => true,
            BoundArrayLiteral a => a.Elements.All(Walk),
            BoundIndex i => Walk(i.Target) && Walk(i.Index),
            BoundUnary u => Walk(u.Operand),
            BoundBinary b => Walk(b.Left) && Walk(b.Right),
            BoundTernary t => Walk(t.Condition) && Walk(t.WhenTrue) && Walk(t.WhenFalse),
            BoundConversion c => Walk(c.Operand),
            BoundInterpolation s => s.Parts.All(Walk),
            BoundCall c => Note(c.Function) && c.Arguments.All(Walk),
            BoundBuiltinCall c => NoteBuiltin(c.Builtin) && c.Arguments.All(Walk) && c.Named.Values.All(Walk),
            BoundSpawn s => s.Arguments.All(Walk),
            BoundAwait a => Walk(a.Operand),
            BoundBlock b => b.Statements.All(Walk),
            BoundVariableDeclaration d => Walk(d.Initializer),
            BoundExpressionStatement e => Walk(e.Expression),
            BoundAssignment a => Walk(a.Target) && Walk(a.Value),
            BoundCompoundAssignment a => Walk(a.Target) && Walk(a.Value),
            BoundIf i => Walk(i.Condition) && Walk(i.Then) && Walk(i.Else),
            BoundWhile w => Walk(w.Condition) && Walk(w.Body) && Walk(w.Step),
            BoundForRange f => Walk(f.Start) && Walk(f.End) && Walk(f.Body),
            BoundForEach f => Walk(f.Source) && Walk(f.Body),
            BoundReturn r => Walk(r.Value),
            _ => false,
        };

        private bool Note(FunctionSymbol callee)
        {
            Callees.Add(callee);
            return true;
        }

        private bool NoteBuiltin(Builtin builtin)
        {
            if (builtin is Builtin.ChannelSend or Builtin.ChannelReceive or Builtin.Sleep)
            {
                Waits = true;
            }

            return true;
        }
    }
}
