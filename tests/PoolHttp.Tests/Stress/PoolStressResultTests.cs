using System.Reflection;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Stress;

namespace PoolHttp.Tests.Stress;

public class PoolStressResultTests
{
    private static readonly string[] ContractColumns =
    {
        "Number", "Operation", "FileSizeBytes", "ClientWorkers", "ServerWorkers", "ClientMode", "ServerMode", "SecondsPerClient",
        "ThroughputPerClient", "ClientsSucceeded", "ClientsFailed", "ServerSucceeded", "ServerFailed", "SecondsP50", "SecondsP95",
        "SecondsMax", "AggregateThroughput", "WallSeconds",
    };

    [Fact]
    public void Properties_are_exactly_the_contract_columns_in_declaration_order()
    {
        var declared = typeof(PoolStressResult).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .OrderBy(p => p.MetadataToken).Select(p => p.Name).ToArray();

        Assert.Equal(ContractColumns, declared);
    }

    [Fact]
    public void Properties_are_flat_values_that_export_as_one_cell_each()
    {
        foreach (var p in typeof(PoolStressResult).GetProperties())
        {
            var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            Assert.True(type.IsPrimitive || type.IsEnum, $"{p.Name} is {type}");
        }
    }

    [Fact]
    public void The_csv_and_json_columns_are_the_properties()
    {
        Assert.Equal(ContractColumns, StressTable.Columns);
        Assert.Equal(string.Join(',', ContractColumns), StressTable.CsvHeader);
    }
}
