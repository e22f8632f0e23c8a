using System.Runtime.CompilerServices;
using Wyn.Engine;
using Wyn.Language.Runtime;

namespace Wyn.Language.Emit;

/// <summary>
/// Runs the tasks of <c>futs.push(spawn f(x))</c> that write their value straight into the array
/// (WynFutureArray.InPlace.cs, decision 0009): one per array, function and storage chunk, kept by the
/// array while consecutive pushes fit it. What all those tasks share lives here, so that each queued
/// task carries only its offset and its argument (the engine holds many of them when the workers fall
/// behind the spawner).
/// </summary>
internal sealed class InPlaceSpawner<TState, TResult>
{
    private readonly WynRunState run;
    private readonly WynFutureArray<TResult> array;
    private readonly Func<TState, TResult> thunk;
    private readonly Future<TResult>[] storage;

    private InPlaceSpawner(WynRunState run, WynFutureArray<TResult> array, Func<TState, TResult> thunk, int position)
    {
        this.run = run;
        this.array = array;
        this.thunk = thunk;
        storage = array.InPlaceStorage(position, out int first);
        FirstPosition = first;
        Body = Execute;
    }

    /// <summary>The array position of the storage's first element.</summary>
    public int FirstPosition { get; }

    /// <summary>The task body.</summary>
    public Func<InPlaceTask<TState>, Unit> Body { get; }

    /// <summary>The array's last spawner if it serves <paramref name="thunk"/> at <paramref name="position"/>, else a new one that the array keeps.</summary>
    public static InPlaceSpawner<TState, TResult> For(WynRunState run, WynFutureArray<TResult> array, Func<TState, TResult> thunk, int position)
    {
        if (array.LastInPlaceSpawner is InPlaceSpawner<TState, TResult> last
            && ReferenceEquals(last.thunk, thunk)
            && ReferenceEquals(last.run, run)
            && (uint)(position - last.FirstPosition) < (uint)last.storage.Length)
        {
            return last;
        }

        var spawner = new InPlaceSpawner<TState, TResult>(run, array, thunk, position);
        array.LastInPlaceSpawner = spawner;
        return spawner;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per task: JIT-compiled, not ReadyToRun code (decision 0011)
    private Unit Execute(InPlaceTask<TState> task)
    {
        try
        {
            TResult value;
            try
            {
                value = thunk(task.Argument);   // reports its own failure to the run, then rethrows it
            }
            catch (Exception error)
            {
                array.FailInPlace(FirstPosition + task.Offset, error);
                return default;
            }

            array.CompleteInPlace(storage, task.Offset, FirstPosition + task.Offset, value);
            return default;
        }
        finally
        {
            run.TaskFinished();
        }
    }
}

/// <summary>
/// One queued task of an <see cref="InPlaceSpawner{TState, TResult}"/>: its offset in the spawner's
/// storage and the function's argument. A type of this assembly rather than a value tuple, so that
/// the ReadyToRun build can precompile the engine's generic code over it (a tuple is a framework
/// type outside the composite image's version bubble: its instantiations would start in tier-0 code).
/// </summary>
internal readonly record struct InPlaceTask<TState>(int Offset, TState Argument);
