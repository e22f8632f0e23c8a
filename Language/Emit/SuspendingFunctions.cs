using Wyn.Language.Binding;

namespace Wyn.Language.Emit;

/// <summary>
/// Which functions get a resumable version (decision 0013): those that send or receive on a channel,
/// sleep, or await a future they were given (a parameter, a global, an element of either, or a copy of
/// one: another task's work, which this thread cannot help with, session 18; also with
/// <c>await_all</c> or <c>await_any</c> of such an array), and those that call one
/// of them directly (a spawn is not a call). A spawn of such a function runs its resumable version, so
/// the task suspends where it would have blocked its thread. A function that awaits only futures it
/// spawned itself keeps the blocking await, which runs the awaited task in place when it can
/// (help-while-waiting: W2's fork-join).
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

        /// <summary>Locals that hold a future (or an array of them) this function was given: copies of a parameter or global, and loop variables over one.</summary>
        private readonly HashSet<VariableSymbol> _givenLocals = [];

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
            BoundBuiltinCall c => NoteBuiltin(c) && c.Arguments.All(Walk) && c.Named.Values.All(Walk),
            BoundSpawn s => s.Arguments.All(Walk),
            BoundAwait a => NoteAwait(a.Operand) && Walk(a.Operand),
            BoundBlock b => b.Statements.All(Walk),
            BoundVariableDeclaration d => NoteDeclaration(d) && Walk(d.Initializer),
            BoundExpressionStatement e => Walk(e.Expression),
            BoundAssignment a => Walk(a.Target) && Walk(a.Value),
            BoundCompoundAssignment a => Walk(a.Target) && Walk(a.Value),
            BoundIf i => Walk(i.Condition) && Walk(i.Then) && Walk(i.Else),
            BoundWhile w => Walk(w.Condition) && Walk(w.Body) && Walk(w.Step),
            BoundForRange f => Walk(f.Start) && Walk(f.End) && Walk(f.Body),
            BoundForEach f => Walk(f.Source) && NoteLoop(f) && Walk(f.Body),
            BoundReturn r => Walk(r.Value),
            _ => false,
        };

        private bool Note(FunctionSymbol callee)
        {
            Callees.Add(callee);
            return true;
        }

        /// <summary>An await of a future this function was given waits for another task's work: it suspends.</summary>
        private bool NoteAwait(BoundExpression operand)
        {
            if (IsGiven(operand))
            {
                Waits = true;
            }

            return true;
        }

        private bool NoteDeclaration(BoundVariableDeclaration declaration)
        {
            if (IsGiven(declaration.Initializer))
            {
                _givenLocals.Add(declaration.Variable);
            }

            return true;
        }

        private bool NoteLoop(BoundForEach loop)
        {
            if (IsGiven(loop.Source))
            {
                _givenLocals.Add(loop.Element);
            }

            return true;
        }

        private bool IsGiven(BoundExpression expression) => expression switch
        {
            BoundVariable { Variable.Kind: VariableKind.Parameter or VariableKind.Global } => true,
            BoundVariable v => _givenLocals.Contains(v.Variable),
            BoundIndex i => IsGiven(i.Target),
            _ => false,
        };

        private bool NoteBuiltin(BoundBuiltinCall call)
        {
            if (call.Builtin is Builtin.ChannelSend or Builtin.ChannelReceive or Builtin.Sleep
                || (call.Builtin is Builtin.AwaitAll or Builtin.AwaitAny && call.Arguments.Count > 0 && IsGiven(call.Arguments[0])))
            {
                Waits = true;
            }

            return true;
        }
    }
}
