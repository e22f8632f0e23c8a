using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Wyn.Engine;
using Wyn.Host.Bench.Workloads;
using Wyn.Host.Configuration;
using Wyn.Host.Running;

namespace Wyn.Host.Bench;

/// <summary>
/// Reads and validates an experiment file completely before anything runs or is written, so that a
/// mistake costs one message (naming the field and the file) instead of a half-finished run.
/// </summary>
internal static class ExperimentLoader
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly string[] s_knownFields =
        ["name", "description", "strategies", "baseline", "workloads", "variants", "repetitions", "timeoutSeconds", "warmUp", "results"];

    private static readonly JsonDocumentOptions s_jsonOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,   // a key given twice is a mistake, not "the last one wins" (sweep 7)
    };

    /// <summary>Loads <paramref name="filePath"/>; relative result folders are relative to <paramref name="workingDirectory"/>.</summary>
    /// <exception cref="ExperimentFileException">Anything wrong with the file's content.</exception>
    /// <exception cref="FileNotFoundException">No such file, a directory, or unreadable (exit 66).</exception>
    public static Experiment Load(string filePath, string workingDirectory)
    {
        if (Directory.Exists(filePath))
            throw new FileNotFoundException($"cannot read experiment file '{filePath}': it is a directory, not a JSON file", filePath);
        if (!File.Exists(filePath))
            throw new FileNotFoundException($"cannot read experiment file '{filePath}': no such file", filePath);
        string text;
        try
        {
            // Strict UTF-8, as a program file (sweep 7: a Latin-1 file ran, its names garbled).
            text = SourceFile.Decode(File.ReadAllBytes(filePath), $"experiment file '{filePath}'");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or SourceFileException)
        {
            string problem = error is SourceFileException ? error.Message : $"cannot read experiment file '{filePath}': {error.Message}";
            throw new FileNotFoundException(problem, filePath, error);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, s_jsonOptions);
        }
        catch (JsonException error)
        {
            throw new ExperimentFileException(filePath, "(JSON)", $"not valid JSON{Where(error)}: {Reworded(error.Message)}");
        }
        using (document)
            return Read(new Fields(filePath), document.RootElement, workingDirectory);
    }

    /// <summary>" at line L, column C" (1-based; System.Text.Json counts from 0, in bytes), or "".</summary>
    private static string Where(JsonException error) =>
        error.LineNumber is long line ? $" at line {line + 1}, column {error.BytePositionInLine.GetValueOrDefault() + 1}" : "";

    /// <summary>
    /// The parser's message in the file's terms: a duplicate key named as such (its own wording names a
    /// .NET step, "encountered during deserialization"), anything else without its trailing
    /// " Path: $ | LineNumber: 0 | BytePositionInLine: 0." (<see cref="Where"/> gives the position).
    /// </summary>
    private static string Reworded(string message)
    {
        const string Duplicate = "Duplicate property '";
        if (message.StartsWith(Duplicate, StringComparison.Ordinal) && message.IndexOf('\'', Duplicate.Length) is > 0 and var end)
            return $"the key '{message[Duplicate.Length..end]}' appears twice in one object";
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
            cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return cut >= 0 ? message[..cut] : message;
    }

    private static Experiment Read(Fields f, JsonElement root, string workingDirectory)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw f.Error("(root)", "must be a JSON object");
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!s_knownFields.Contains(property.Name, StringComparer.Ordinal))
                throw f.Error(property.Name, $"unknown field; the fields are: {string.Join(", ", s_knownFields)}");
        }

        string name = root.TryGetProperty("name", out JsonElement n) ? f.String(n, "name") : Path.GetFileNameWithoutExtension(f.FilePath);
        string description = root.TryGetProperty("description", out JsonElement d) ? f.String(d, "description") : "";
        IReadOnlyList<string> strategies = ReadStrategies(f, f.Required(root, "strategies"));
        string baseline = root.TryGetProperty("baseline", out JsonElement b) ? f.String(b, "baseline") : strategies[0];
        baseline = Canonical(baseline);
        if (!strategies.Contains(baseline, StringComparer.Ordinal))
            throw f.Error("baseline", $"'{baseline}' is not one of the experiment's strategies ({string.Join(", ", strategies)})");
        IReadOnlyList<WorkloadSizes> workloads = ReadWorkloads(f, f.Required(root, "workloads"));
        IReadOnlyList<OptionVariant> variants = root.TryGetProperty("variants", out JsonElement v)
            ? ReadVariants(f, v, strategies)
            : [new OptionVariant("default", new Dictionary<string, string>())];
        int repetitions = f.PositiveInt(f.Required(root, "repetitions"), "repetitions");
        TimeSpan timeout = root.TryGetProperty("timeoutSeconds", out JsonElement t)
            ? TimeSpan.FromSeconds(f.PositiveNumber(t, "timeoutSeconds"))
            : DefaultTimeout;
        bool warmUp = !root.TryGetProperty("warmUp", out JsonElement w) || f.Boolean(w, "warmUp");
        string results = f.String(f.Required(root, "results"), "results");
        if (results.Trim().Length == 0)
            throw f.Error("results", "must name a folder");
        string resultsFolder = Path.GetFullPath(results, workingDirectory);
        if (File.Exists(resultsFolder))
            throw f.Error("results", $"'{results}' is a file, not a folder");
        if (ResultsFolder.Problem(resultsFolder, workingDirectory, f.FilePath) is { } problem)
            throw f.Error("results", $"'{results}' {problem}");

        return new Experiment(name, f.FilePath, description, strategies, baseline, workloads, variants, repetitions, timeout, warmUp, resultsFolder);
    }

    /// <summary>A strategy's name as the catalog spells it ("Batched" is reported as "batched"); an unknown name as given.</summary>
    private static string Canonical(string strategy) =>
        SchedulerCatalog.Default.Contains(strategy) ? SchedulerCatalog.Default.Get(strategy).Name : strategy;

    private static List<string> ReadStrategies(Fields f, JsonElement element)
    {
        List<string> names = f.NonEmptyArray(element, "strategies").Select((item, i) => f.String(item, $"strategies[{i}]")).ToList();
        for (int i = 0; i < names.Count; i++)
        {
            if (!SchedulerCatalog.Default.Contains(names[i]))
                throw f.Error($"strategies[{i}]", $"unknown strategy '{names[i]}'; valid names are: {string.Join(", ", SchedulerCatalog.Default.Names)}");
            names[i] = Canonical(names[i]);
            if (names.IndexOf(names[i]) < i)
                throw f.Error($"strategies[{i}]", $"'{names[i]}' is listed twice");
        }
        return names;
    }

    private static List<WorkloadSizes> ReadWorkloads(Fields f, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw f.Error("workloads", "must be an object of workload → sizes, e.g. { \"w1\": [10000, 100000] }");
        var workloads = new List<WorkloadSizes>();
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string field = $"workloads.{property.Name}";
            Workload workload = Workload.ByName(property.Name)
                ?? throw f.Error(field, $"unknown workload '{property.Name}'; valid: {WorkloadCatalog.Describe()}");
            if (workloads.Any(w => w.Workload.Id == workload.Id))
                throw f.Error(field, $"workload {workload.Id} is listed twice");
            List<long> sizes = f.NonEmptyArray(property.Value, field)
                .Select((item, i) => f.PositiveLong(item, $"{field}[{i}]"))
                .ToList();
            for (int i = 0; i < sizes.Count; i++)
            {
                if (workload.SizeLimit is { } limit && sizes[i] > limit.Max)
                    throw f.Error($"{field}[{i}]", $"{sizes[i]} is too large for {workload.Id}; it must be at most {limit.Max.ToString("N0", CultureInfo.InvariantCulture)} ({limit.Reason})");
                if (sizes.IndexOf(sizes[i]) < i)
                    throw f.Error($"{field}[{i}]", $"size {sizes[i]} is listed twice");
            }
            workloads.Add(new WorkloadSizes(workload, sizes));
        }
        if (workloads.Count == 0)
            throw f.Error("workloads", "names no workload");
        // The report lists workloads in their own order (w1 … w5), whatever the file's order.
        return workloads.OrderBy(w => w.Workload.Id, StringComparer.Ordinal).ToList();
    }

    private static List<OptionVariant> ReadVariants(Fields f, JsonElement element, IReadOnlyList<string> strategies)
    {
        var variants = new List<OptionVariant>();
        foreach ((JsonElement item, int i) in f.NonEmptyArray(element, "variants").Select((item, i) => (item, i)))
        {
            string field = $"variants[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
                throw f.Error(field, "must be an object: { \"name\": \"...\", \"options\": { \"Workers\": 1 } }");
            foreach (JsonProperty property in item.EnumerateObject())
            {
                if (property.Name is not ("name" or "options"))
                    throw f.Error($"{field}.{property.Name}", "unknown field; a variant has 'name' and 'options'");
            }
            string name = f.String(f.Required(item, "name", field), $"{field}.name");
            if (variants.Any(v => v.Name == name))
                throw f.Error($"{field}.name", $"'{name}' is used by another variant");
            Dictionary<string, string> overrides = item.TryGetProperty("options", out JsonElement options)
                ? ReadOverrides(f, options, $"{field}.options")
                : [];
            var variant = new OptionVariant(name, overrides);
            foreach (string strategy in strategies)
                CheckOptions(f, variant, strategy, $"{field}.options");
            variants.Add(variant);
        }
        return variants;
    }

    private static Dictionary<string, string> ReadOverrides(Fields f, JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw f.Error(field, "must be an object of engine option → value, e.g. { \"Workers\": 1, \"BatchSize\": 64 }");
        var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string key = ConfigurationKeyCheck.EngineKeys.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase))
                ?? throw f.Error($"{field}.{property.Name}", $"unknown engine option; valid: {string.Join(", ", ConfigurationKeyCheck.EngineKeys.Where(k => k != nameof(EngineOptions.Scheduler)))}");
            if (key == nameof(EngineOptions.Scheduler))
                throw f.Error($"{field}.{property.Name}", "the scheduler is chosen by 'strategies', not by a variant");
            overrides[key] = property.Value.ValueKind switch
            {
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                JsonValueKind.String => property.Value.GetString()!,
                _ => throw f.Error($"{field}.{property.Name}", "must be a number, a string or true/false"),
            };
            // An empty string reached the binder, whose message named neither the key nor the problem
            // ("variants[0].options:  is not a valid value for Int32"); wyn.json says it the same way.
            if (string.IsNullOrWhiteSpace(overrides[key]))
                throw f.Error($"{field}.{property.Name}", "no value (empty) is not allowed; give a value, or remove the key to keep the default");
            // "ShutdownTimeout": 5 would bind as 5 days; wyn.json and the command line refuse it, so does a variant.
            if (ConfigurationKeyCheck.BareDurationProblem(key, overrides[key]) is { } problem)
                throw f.Error($"{field}.{property.Name}", problem);
        }
        return overrides;
    }

    /// <summary>Binds the overrides exactly as wyn.json would be bound, then applies the engine's own validation.</summary>
    private static void CheckOptions(Fields f, OptionVariant variant, string strategy, string field)
    {
        EngineOptions options;
        try
        {
            options = EngineOptionsFor(strategy, variant);
        }
        catch (InvalidOperationException error)
        {
            // The binder's "Failed to convert configuration value 'abc' at 'Wyn:Engine:Workers' to
            // type 'System.Int32'", reworded as wyn.json's (sweep 7: it was "abc is not a valid value for Int32").
            throw OptionError(f, field, ConversionFailure.Describe(error.Message));
        }
        List<string> failures = EngineOptionsValidator.Check(options, SchedulerCatalog.Default);
        if (failures.Count > 0)
            throw OptionError(f, field, failures[0]);
    }

    /// <summary>"Wyn:Engine:Workers: 0 is not allowed; ..." as an error of field <c>variants[i].options.Workers</c>.</summary>
    private static ExperimentFileException OptionError(Fields f, string field, string failure)
    {
        string prefix = EngineOptions.SectionName + ":";
        int separator = failure.IndexOf(": ", StringComparison.Ordinal);
        return failure.StartsWith(prefix, StringComparison.Ordinal) && separator > prefix.Length
            ? f.Error($"{field}.{failure[prefix.Length..separator]}", failure[(separator + 2)..])
            : f.Error(field, failure);
    }

    /// <summary>The engine options of one run: defaults, then the variant's overrides, then the strategy.</summary>
    public static EngineOptions EngineOptionsFor(string strategy, OptionVariant variant)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(variant.Overrides.Select(o => new KeyValuePair<string, string?>($"{EngineOptions.SectionName}:{o.Key}", o.Value)))
            .Build();
        var options = new EngineOptions();
        configuration.GetSection(EngineOptions.SectionName).Bind(options);
        options.Scheduler = strategy;
        return options;
    }

    /// <summary>Field readers that turn every type mismatch into one message naming the field and the file.</summary>
    private sealed class Fields(string filePath)
    {
        public string FilePath { get; } = filePath;

        public ExperimentFileException Error(string field, string problem) => new(FilePath, field, problem);

        public JsonElement Required(JsonElement parent, string name, string? parentField = null) =>
            parent.TryGetProperty(name, out JsonElement value)
                ? value
                : throw Error(parentField is null ? name : $"{parentField}.{name}", "missing (required)");

        public string String(JsonElement element, string field) =>
            element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Error(field, $"must be a string, not {Describe(element)}");

        public bool Boolean(JsonElement element, string field) => element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(field, $"must be true or false, not {Describe(element)}"),
        };

        public List<JsonElement> NonEmptyArray(JsonElement element, string field)
        {
            if (element.ValueKind != JsonValueKind.Array)
                throw Error(field, $"must be an array, not {Describe(element)}");
            List<JsonElement> items = element.EnumerateArray().ToList();
            return items.Count > 0 ? items : throw Error(field, "must not be empty");
        }

        public long PositiveLong(JsonElement element, string field)
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long value))
                throw Error(field, $"must be a whole number, not {Describe(element)}");
            return value > 0 ? value : throw Error(field, $"{value} is not allowed; it must be at least 1");
        }

        public int PositiveInt(JsonElement element, string field)
        {
            long value = PositiveLong(element, field);
            return value <= int.MaxValue ? (int)value : throw Error(field, $"{value} is too large");
        }

        /// <summary>The largest number of seconds a timeout may be: a year, far past any run, far below TimeSpan's limit.</summary>
        private const double MaxSeconds = 365 * 24 * 3600;

        public double PositiveNumber(JsonElement element, string field)
        {
            if (element.ValueKind != JsonValueKind.Number)
                throw Error(field, $"must be a number, not {Describe(element)}");
            double value = element.GetDouble();
            if (value <= 0)
                throw Error(field, $"{value.ToString(CultureInfo.InvariantCulture)} is not allowed; it must be more than 0");
            return value <= MaxSeconds
                ? value
                : throw Error(field, $"{value.ToString(CultureInfo.InvariantCulture)} is too large; it must be at most {MaxSeconds.ToString("N0", CultureInfo.InvariantCulture)} (a year)");
        }

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{element.GetString()}\"",
            JsonValueKind.Null => "null",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => element.GetRawText(),
        };
    }
}
