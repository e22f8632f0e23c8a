using System.Text;

namespace Wyn.Host.Running;

/// <summary>Reads a Wyn program file as strict UTF-8, turning every way it can fail into one clear message.</summary>
internal static class SourceFile
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Read(string path)
    {
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
            string what = error.BytesUnknown is { Length: > 0 } unknown ? $" (0x{unknown[0]:X2})" : "";
            throw new SourceFileException($"cannot read '{path}': not valid UTF-8{where}{what}");
        }
    }
}
