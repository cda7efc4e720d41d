using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace PoolHttp.Tests.Module;

/// <summary>
/// Which types write pipeline objects: a method writes when its IL calls Cmdlet.WriteObject, or calls (or takes
/// a delegate to) a method of the same assembly that writes. A type counts its nested types (lambdas, closures).
/// </summary>
internal static class IlCalls
{
    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .GroupBy(o => unchecked((ushort)o.Value))
        .ToDictionary(g => g.Key, g => g.First());

    public static IReadOnlySet<string> TypesThatWriteObjects(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var calls = new Dictionary<MethodDefinitionHandle, List<EntityHandle>>();
        foreach (var typeHandle in md.TypeDefinitions)
        {
            foreach (var methodHandle in md.GetTypeDefinition(typeHandle).GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                calls[methodHandle] = method.RelativeVirtualAddress == 0 ? [] : Callees(pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!);
            }
        }
        var writing = new HashSet<MethodDefinitionHandle>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (method, callees) in calls)
            {
                if (!writing.Contains(method) && callees.Any(c => Writes(md, c, writing))) changed = writing.Add(method);
            }
        }
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            if (type.GetDeclaringType().IsNil && WithNested(md, type).SelectMany(t => t.GetMethods()).Any(writing.Contains))
            {
                result.Add(md.GetString(type.Namespace) + "." + md.GetString(type.Name));
            }
        }
        return result;
    }

    private static IEnumerable<TypeDefinition> WithNested(MetadataReader md, TypeDefinition type) =>
        type.GetNestedTypes().SelectMany(n => WithNested(md, md.GetTypeDefinition(n))).Prepend(type);

    private static bool Writes(MetadataReader md, EntityHandle callee, HashSet<MethodDefinitionHandle> writing) => callee.Kind switch
    {
        HandleKind.MethodDefinition => writing.Contains((MethodDefinitionHandle)callee),
        HandleKind.MemberReference => md.GetString(md.GetMemberReference((MemberReferenceHandle)callee).Name) == "WriteObject",
        HandleKind.MethodSpecification => Writes(md, md.GetMethodSpecification((MethodSpecificationHandle)callee).Method, writing),
        _ => false,
    };

    private static List<EntityHandle> Callees(byte[] il)
    {
        var callees = new List<EntityHandle>();
        int i = 0;
        while (i < il.Length)
        {
            ushort value = il[i] == 0xFE ? (ushort)(0xFE00 | il[i + 1]) : il[i];
            i += value > 0xFF ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineMethod:
                    callees.Add(MetadataTokens.EntityHandle(BitConverter.ToInt32(il, i)));
                    i += 4;
                    break;
                default: i += 4; break;
            }
        }
        return callees;
    }
}
