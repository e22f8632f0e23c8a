using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// Stores into <see cref="WorkItem"/> arrays without the array-covariance check. A plain
/// <c>array[i] = item</c> must verify at run time that the item fits the array's actual element
/// type (the array could be a <c>TaskCell[]</c> seen as <c>WorkItem[]</c>), which is a helper call
/// per store on the spawn path. The queues here only store into arrays they created as
/// <c>WorkItem[]</c> themselves, so the check can never fail; writing through a reference to the
/// element skips it (the GC write barrier stays).
/// </summary>
internal static class ItemArray
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(WorkItem?[] array, int index, WorkItem? item)
    {
        if ((uint)index >= (uint)array.Length)
            ThrowIndex();
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), index) = item;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowIndex() => throw new IndexOutOfRangeException();
}
