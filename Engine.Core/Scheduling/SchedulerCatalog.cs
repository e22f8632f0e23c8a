using System.Reflection;

namespace Wyn.Engine;

/// <summary>
/// Strategies by name. <see cref="Default"/> holds the built-in strategies of
/// <c>Wyn.Engine.Schedulers</c> (found by assembly name, since Core may not reference the strategies
/// — the arrows point from Schedulers to Core) plus anything registered at run time.
/// </summary>
public sealed class SchedulerCatalog
{
    private const string BuiltInAssembly = "Wyn.Engine.Schedulers";
    private static readonly Lazy<SchedulerCatalog> s_default = new(CreateDefault);

    private readonly Dictionary<string, ISchedulerFactory> _factories = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _lock = new();

    /// <summary>The process-wide catalog with the built-in strategies.</summary>
    public static SchedulerCatalog Default => s_default.Value;

    /// <summary>Adds (or replaces) a strategy.</summary>
    public void Register(ISchedulerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (_lock)
            _factories[factory.Name] = factory;
    }

    /// <summary>True when <paramref name="name"/> names a registered strategy (case-insensitive).</summary>
    public bool Contains(string name)
    {
        lock (_lock)
            return _factories.ContainsKey(name);
    }

    /// <summary>Registered names, sorted, the default first.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_lock)
                return _factories.Keys.OrderBy(n => n == "batched" ? "" : n, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Registered factories.</summary>
    public IReadOnlyList<ISchedulerFactory> Factories
    {
        get
        {
            lock (_lock)
                return Names.Select(n => _factories[n]).ToList();
        }
    }

    /// <summary>The factory named <paramref name="name"/>.</summary>
    public ISchedulerFactory Get(string name)
    {
        lock (_lock)
        {
            if (_factories.TryGetValue(name, out ISchedulerFactory? factory))
                return factory;
        }
        throw new EngineOptionsException(UnknownScheduler(name));
    }

    /// <summary>
    /// The one message for a scheduler name this catalog does not know: the valid names, or, when there
    /// are none (Wyn.Engine.Core used without Wyn.Engine.Schedulers beside it), how to get some.
    /// </summary>
    internal string UnknownScheduler(string? name)
    {
        IReadOnlyList<string> names = Names;
        string known = names.Count > 0
            ? $"valid names are: {string.Join(", ", names)}."
            : $"no scheduler strategies are registered (the built-in ones come with the {BuiltInAssembly} assembly: reference it, or register a strategy with SchedulerCatalog.Register).";
        return $"{EngineOptions.SectionName}:Scheduler: unknown scheduler '{name}'; {known}";
    }

    private static SchedulerCatalog CreateDefault()
    {
        var catalog = new SchedulerCatalog();
        Assembly? assembly = null;
        try
        {
            assembly = Assembly.Load(BuiltInAssembly);
        }
        catch (FileNotFoundException)
        {
            // Core used on its own: only strategies registered at run time exist.
        }
        if (assembly is not null)
        {
            foreach (Type type in assembly.GetExportedTypes())
            {
                if (typeof(ISchedulerModule).IsAssignableFrom(type) && type is { IsAbstract: false, IsInterface: false })
                    ((ISchedulerModule)Activator.CreateInstance(type)!).Register(catalog);
            }
        }
        return catalog;
    }
}
