using System.Text.RegularExpressions;

namespace Wyn.Host.Tests;

/// <summary>
/// Runs every examples/*.wyn from the repository root and checks it against examples/expected/
/// (format in examples/expected/README.md): stdout line by line, the exit code, stderr text.
/// </summary>
public sealed class ExamplesTests
{
    private static readonly string ExamplesFolder = Path.Combine(WynHost.RepositoryRoot, "examples");
    private static readonly string ExpectedFolder = Path.Combine(ExamplesFolder, "expected");

    public static TheoryData<string> Examples()
    {
        var names = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(ExamplesFolder, "*.wyn").Order(StringComparer.Ordinal))
            names.Add(Path.GetFileNameWithoutExtension(file));
        return names;
    }

    [Fact]
    public void There_are_at_least_ten_examples_each_starting_with_a_one_line_comment()
    {
        string[] files = Directory.GetFiles(ExamplesFolder, "*.wyn");

        Assert.True(files.Length >= 10, $"only {files.Length} examples");
        foreach (string file in files)
            Assert.StartsWith($"// {Path.GetFileNameWithoutExtension(file)}: ", File.ReadLines(file).First(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_runs_with_its_expected_output(string name)
    {
        string expectedOut = Path.Combine(ExpectedFolder, name + ".out");
        Assert.True(File.Exists(expectedOut), $"examples/expected/{name}.out is missing");
        int expectedCode = ReadCode(Path.Combine(ExpectedFolder, name + ".code"));

        // W1 spawns 10 million tasks: on a loaded 2-core machine a Debug build needs minutes.
        TimeSpan timeout = name == "w1" ? TimeSpan.FromMinutes(10) : TimeSpan.FromMinutes(2);
        HostResult result = WynHost.Run([$"examples/{name}.wyn"], null, WynHost.RepositoryRoot, timeout);

        Assert.True(result.ExitCode == expectedCode, result.ToString());
        string[] expected = File.ReadAllText(expectedOut).Split('\n');
        string[] actual = result.Stdout.Split('\n');
        Assert.True(expected.Length == actual.Length, $"{actual.Length - 1} lines instead of {expected.Length - 1}\n{result}");
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i].StartsWith("re:", StringComparison.Ordinal))
                Assert.Matches(new Regex(expected[i][3..]), actual[i]);
            else
                Assert.Equal(expected[i], actual[i]);
        }

        string expectedErr = Path.Combine(ExpectedFolder, name + ".err");
        if (File.Exists(expectedErr))
        {
            foreach (string line in File.ReadAllLines(expectedErr).Where(l => l.Length > 0))
                Assert.Contains(line, result.Stderr, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(result.Stderr.Length == 0, result.ToString());
        }
    }

    private static int ReadCode(string path) => File.Exists(path) ? int.Parse(File.ReadAllText(path).Trim()) : 0;
}
