using Wyn.Language;

namespace Wyn.Host.Hosting;

/// <summary>The compiled program handed to <see cref="ProgramRunService"/>, and what its run produced.</summary>
internal sealed class ProgramRun
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The program to run; set after compiling, before the host starts.</summary>
    public WynProgram? Program { get; set; }

    /// <summary>The program's exit code, once <see cref="Finished"/> completed.</summary>
    public int ExitCode { get; private set; }

    /// <summary>How long the program ran.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Completes when the program returned.</summary>
    public Task Finished => _finished.Task;

    public bool HasFinished => _finished.Task.IsCompleted;

    public void Complete(int exitCode, TimeSpan elapsed)
    {
        ExitCode = exitCode;
        Elapsed = elapsed;
        _finished.TrySetResult();
    }
}
