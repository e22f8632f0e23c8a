using Wyn.Engine;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Compiler;

/// <summary>
/// What the emitter records for the runtime warm-up before main (decisions 0005 and 0011): whether the
/// program spawns at all (a program that does not skips the warm-up), and the state and result types
/// of its <c>futs.push(spawn f(...))</c> sites (each shape's in-place path is compiled before main).
/// </summary>
public sealed class WarmUpShapeTests
{
    [Fact]
    public void A_program_without_spawn_needs_no_warm_up()
    {
        var emitted = Emit("fn main() {\n    var xs = [1, 2]\n    xs.push(3)\n    println(xs)\n}\n");
        Assert.False(emitted.Spawns);
        Assert.Empty(emitted.PushSpawnShapes);
    }

    [Fact]
    public void Spawns_without_a_push_are_recorded_as_spawning_but_without_shapes()
    {
        var emitted = Emit("fn sq(n: int) -> int { return n * n }\nfn main() {\n    var f = spawn sq(3)\n    println(await f)\n    spawn sq(4)\n}\n");
        Assert.True(emitted.Spawns);
        Assert.Empty(emitted.PushSpawnShapes);
    }

    [Fact]
    public void Each_push_spawn_shape_is_recorded_once()
    {
        var emitted = Emit("""
            fn sq(n: int) -> int { return n * n }
            fn mul(a: int, b: int) -> int { return a * b }
            fn half(n: int) -> float { return n / 2.0 }
            fn main() {
                var a = []
                var b = []
                var c = []
                for i in 0..3 {
                    a.push(spawn sq(i))
                    a.push(spawn sq(i + 1))
                    b.push(spawn mul(i, 2))
                    c.push(spawn half(i))
                }
                println(await a[0] + await b[0])
                println(await c[0])
            }
            """);
        Assert.True(emitted.Spawns);
        Assert.Equal(
            new HashSet<(Type, Type)>
            {
                (typeof(SpawnArguments<long, int>), typeof(long)),
                (typeof(SpawnArguments<long, long, int>), typeof(long)),
                (typeof(SpawnArguments<long, int>), typeof(double)),
            },
            emitted.PushSpawnShapes.ToHashSet());
    }

    private static Emit.Emitter.EmittedProgram Emit(string source)
    {
        Compilation compilation = WynCompiler.Compile(source, "warm-up.wyn");
        Assert.True(compilation.Success, string.Join("\n", compilation.Diagnostics));
        return compilation.Program!.Emitted;
    }
}
