using System.Text;

namespace Wyn.Host.Running;

/// <summary>Reads a Wyn program file as strict UTF-8, turning every way it can fail into one clear message.</summary>
internal static class SourceFile
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file name that stands for standard input, as in most Unix tools.</summary>
    public const string StandardInput = "-";

    /// <summary>How a program read from standard input is named in diagnostics and panics.</summary>
    public const string StandardInputName = "<stdin>";

    /// <summary>The name diagnostics and panics use for <paramref name="path"/>.</summary>
    public static string DisplayName(string path) => path == StandardInput ? StandardInputName : path;

    public static string Read(string path)
    {
        if (path == StandardInput)
            return Decode(ReadStandardInput(), "standard input");
        if (Directory.Exists(path))
            throw new SourceFileException($"cannot run '{path}': it is a directory, not a .wyn file");
        if (!File.Exists(path))
            throw new SourceFileException($"cannot run '{path}': no such file");

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            // A dangling symbolic link passes File.Exists (the link itself exists).
            throw new SourceFileException($"cannot run '{path}': no such file");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new SourceFileException($"cannot read '{path}': {error.Message}");
        }

        return Decode(bytes, $"'{path}'");
    }

    private static byte[] ReadStandardInput()
    {
        // Closed at start (`<&-`): descriptor 0 is then one of the runtime's own files, and reading it never ends.
        if (!StandardDescriptor.WasInherited(StandardDescriptor.Input))
            throw new SourceFileException("cannot read standard input: it is closed");
        try
        {
            using Stream input = Console.OpenStandardInput();
            using var buffer = new MemoryStream();
            input.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new SourceFileException($"cannot read standard input: {error.Message}");
        }
    }

    /// <summary>
    /// <paramref name="bytes"/> as strict UTF-8 without a leading byte-order mark; a
    /// <see cref="SourceFileException"/> ("cannot read WHAT: not valid UTF-8 at byte N (0xXX)") otherwise.
    /// Also what reads a bench experiment file.
    /// </summary>
    internal static string Decode(byte[] bytes, string what)
    {
        // A leading byte-order mark is not part of the program (WYN-CORE §1).
        ReadOnlySpan<byte> content = bytes;
        if (content.StartsWith(Encoding.UTF8.Preamble))
            content = content[3..];
        try
        {
            return s_strictUtf8.GetString(content);
        }
        catch (DecoderFallbackException error)
        {
            string where = error.Index >= 0 ? $" at byte {error.Index + (bytes.Length - content.Length)}" : "";
            string detail = error.BytesUnknown is { Length: > 0 } unknown ? $" (0x{unknown[0]:X2})" : "";
            throw new SourceFileException($"cannot read {what}: not valid UTF-8{where}{detail}");
        }
    }
}
