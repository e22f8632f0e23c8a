using System.Text;

namespace Wyn.Host.Tests;

/// <summary>A private temporary folder for one test's programs and configuration files.</summary>
internal sealed class TempFiles : IDisposable
{
    public TempFiles() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "wyn-host-tests", Guid.NewGuid().ToString("N"));

    public string Write(string name, string content) => WriteBytes(name, new UTF8Encoding(false).GetBytes(content));

    public string WriteBytes(string name, byte[] content)
    {
        string path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not a test failure.
        }
    }
}
