using System.Text.Json.Serialization;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// The JSON contract of <see cref="StressClientReport"/>, generated at compile time: the stress client child runs as a
/// NativeAOT program, where reflection-based serialization is not available.
/// </summary>
[JsonSerializable(typeof(StressClientReport))]
internal sealed partial class StressClientReportJson : JsonSerializerContext;
