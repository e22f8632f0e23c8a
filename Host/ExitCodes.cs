namespace Wyn.Host;

/// <summary>
/// The process exit codes of wyn-host. The numbers for usage, input and configuration problems
/// follow BSD sysexits.h (EX_USAGE, EX_NOINPUT, EX_CONFIG, EX_SOFTWARE, EX_IOERR) so that scripts can tell
/// a user mistake from a failing Wyn program; signals follow the shell's 128 + signal number.
/// </summary>
internal static class ExitCodes
{
    public const int Panic = 1;
    public const int CompileErrors = 2;
    public const int Usage = 64;
    public const int NoInput = 66;
    public const int InternalError = 70;
    public const int OutputError = 74;
    public const int Configuration = 78;
    public const int Interrupted = 130;
    public const int BrokenPipe = 141;
    public const int Terminated = 143;

    /// <summary>The table shown by --help and written into docs/host.md: code and meaning.</summary>
    public static IReadOnlyList<(string Code, string Meaning)> Table { get; } =
    [
        ("0..255", "the program's own code: the value main returns (0 when it returns nothing), modulo 256"),
        ("1", "a panic in main or in any task (also a detected deadlock)"),
        ("2", "compile errors; nothing was run"),
        ("64", "usage error: unknown option, missing file argument, bad option syntax"),
        ("66", "the program file is missing, a directory, unreadable or not UTF-8"),
        ("70", "internal error in wyn-host itself (a bug; please report it)"),
        ("74", "output could not be written: the program's stdout (disk full, closed descriptor), bench's results folder"),
        ("78", "invalid configuration: bad option value, unknown scheduler or key, malformed wyn.json"),
        ("130", "stopped by SIGINT (Ctrl+C)"),
        ("141", "stdout's reader went away (e.g. piped into head): the program was stopped quietly"),
        ("143", "stopped by SIGTERM"),
    ];
}
