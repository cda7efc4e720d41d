namespace PoolHttp.Engine.Stress;

/// <summary>
/// Expands options into rows. Server workers vary slowest (one server per count), then operation, file size,
/// client workers and repetition, so every server runs all of its rows before the next one starts.
/// </summary>
public static class StressMatrix
{
    /// <summary>The rows of a run, numbered in the order they run.</summary>
    public static IReadOnlyList<StressCase> Expand(StressOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        IEnumerable<int?> servers = options.BaseUri is null ? options.ServerWorkers.Select(w => (int?)w) : new int?[] { null };
        var rows = new List<StressCase>();
        foreach (int? server in servers)
        {
            foreach (var operation in options.Operations)
            {
                foreach (long size in options.FileSizes)
                {
                    foreach (int clients in options.ClientWorkers)
                    {
                        for (int repetition = 1; repetition <= options.Repetitions; repetition++)
                            rows.Add(new StressCase(rows.Count + 1, operation, size, clients, server, repetition));
                    }
                }
            }
        }
        return rows;
    }
}
