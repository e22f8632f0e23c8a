namespace Wyn.Language.Runtime;

/// <summary>Wyn spellings of runtime types, for panic messages.</summary>
internal static class WynTypeNames
{
    public static string Of(Type type)
    {
        if (type == typeof(long))
        {
            return "int";
        }

        if (type == typeof(double))
        {
            return "float";
        }

        if (type == typeof(bool))
        {
            return "bool";
        }

        if (type == typeof(string))
        {
            return "string";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(WynArray<>))
        {
            return "[" + Of(type.GetGenericArguments()[0]) + "]";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(WynFutureArray<>))
        {
            return "[" + Of(typeof(WynFuture<>).MakeGenericType(type.GetGenericArguments()[0])) + "]";
        }

        return type.Name;
    }
}
