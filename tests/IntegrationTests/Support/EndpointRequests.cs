using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Latch.Application.Common.Interfaces;
using Mediator;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// What an endpoint's handler method sends through the mediator, read from its compiled code: every type its IL names
/// (methods called or constructed, their declaring types, generic arguments and return types, fields), following its
/// async state machine, lambdas and Latch's own helpers a few calls deep, kept when it is a mediator message. And
/// whether a message's handler needs the password hasher, through its constructor's dependencies.
/// </summary>
internal static class EndpointRequests
{
    private const int Depth = 3;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private static readonly Assembly[] Latch =
    [
        typeof(IPasswordHasher).Assembly,
        typeof(Latch.Infrastructure.Web.Endpoints.PasswordHashingRoutes).Assembly,
    ];

    /// <summary>The mediator messages (commands, queries) an endpoint's handler method sends.</summary>
    public static IReadOnlySet<Type> SentBy(MethodInfo handler)
    {
        var found = new HashSet<Type>();
        Walk(handler, found, [], Depth);
        return found.Where(t => typeof(IMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false }).ToHashSet();
    }

    /// <summary>Whether the handler of <paramref name="message"/> depends, through constructors, on <see cref="IPasswordHasher"/>.</summary>
    public static bool HandlerHashes(Type message)
    {
        var handlers = Latch.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && t.GetInterfaces().Any(i =>
                i.IsGenericType && i.Namespace == typeof(IMessage).Namespace && i.Name.EndsWith("Handler`2", StringComparison.Ordinal) &&
                i.GetGenericArguments()[0] == message))
            .ToList();
        if (handlers.Count == 0)
        {
            throw new InvalidOperationException($"no handler for {message}");
        }

        return handlers.Any(h => DependsOnHasher(h, []));
    }

    private static bool DependsOnHasher(Type type, HashSet<Type> seen)
    {
        if (type == typeof(IPasswordHasher))
        {
            return true;
        }

        if (!seen.Add(type) || !Latch.Contains(type.Assembly))
        {
            return false;
        }

        // An interface of ours stands for every implementation of it that we have.
        var candidates = type.IsInterface
            ? Latch.SelectMany(a => a.GetTypes()).Where(t => t is { IsAbstract: false, IsInterface: false } && type.IsAssignableFrom(t))
            : [type];
        return candidates.Any(c => c.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .SelectMany(ctor => ctor.GetParameters())
            .Any(p => DependsOnHasher(p.ParameterType, seen)));
    }

    private static void Walk(MethodBase method, HashSet<Type> found, HashSet<MethodBase> seen, int depth)
    {
        if (!seen.Add(method))
        {
            return;
        }

        // An async method's body is its state machine's MoveNext.
        if (method.GetCustomAttribute<AsyncStateMachineAttribute>() is { } machine &&
            machine.StateMachineType.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is { } moveNext)
        {
            Walk(moveNext, found, seen, depth);
        }

        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += code.Size;
            var token = code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok
                ? BitConverter.ToInt32(il, i)
                : (int?)null;
            i += OperandSize(code.OperandType, il, i);
            if (token is not { } t)
            {
                continue;
            }

            MemberInfo? member;
            try
            {
                member = method.Module.ResolveMember(t, typeArguments, methodArguments);
            }
            catch (ArgumentException)
            {
                continue;
            }

            switch (member)
            {
                case MethodBase called:
                    Note(called.DeclaringType, found);
                    foreach (var argument in called.IsGenericMethod ? called.GetGenericArguments() : [])
                    {
                        Note(argument, found);
                    }

                    if (called is MethodInfo info)
                    {
                        Note(info.ReturnType, found);
                    }

                    // Into our own code (helpers, lambdas, parsers), not into handlers: they are judged by their dependencies.
                    if (depth > 0 && called.DeclaringType is { } owner && Latch.Contains(owner.Assembly))
                    {
                        Walk(called, found, seen, depth - 1);
                    }

                    break;
                case FieldInfo field:
                    Note(field.FieldType, found);
                    break;
                case Type type:
                    Note(type, found);
                    break;
            }
        }
    }

    private static void Note(Type? type, HashSet<Type> found)
    {
        if (type is null || type.IsGenericParameter || !found.Add(type))
        {
            return;
        }

        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            Note(argument, found);
        }

        if (type.HasElementType)
        {
            Note(type.GetElementType(), found);
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };
}
