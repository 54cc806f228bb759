using Azure.Data.Tables;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>
/// What one orchestration instance cost, read from the Azure Storage provider's history table
/// (<c>{TaskHub}History</c>, PartitionKey = instance id, RowKey = the event's sequence number, column EventType).
/// An episode starts with an <c>OrchestratorStarted</c> event; the <c>TaskScheduled</c> and <c>TimerCreated</c>
/// events after it are what that episode asked for.
/// </summary>
internal sealed record OrchestrationHistory(int Episodes, int Activities, int Timers, int SubOrchestrations, IReadOnlyList<BareStep> Shape, IReadOnlyList<string> ActivityNames)
{
    public static async Task<OrchestrationHistory> ReadAsync(string connectionString, string taskHub, string instanceId)
    {
        var table = new TableClient(connectionString, taskHub + "History");
        var rows = new List<(string RowKey, string EventType, string? Name)>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), select: ["RowKey", "EventType", "Name"]))
        {
            // The provider's sentinel row (checkpoint bookkeeping) has no EventType.
            if (row.GetString("EventType") is { } type)
            {
                rows.Add((row.RowKey, type, row.GetString("Name")));
            }
        }

        if (rows.Count == 0)
        {
            throw new InvalidOperationException($"No history rows for instance {instanceId} in {taskHub}History: has the provider's schema changed?");
        }

        var shape = new List<BareStep>();
        var names = new List<string>();
        int episodes = 0, activities = 0, timers = 0, subOrchestrations = 0, stepActivities = 0, stepTimers = 0;
        foreach ((_, string type, string? name) in rows.OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            switch (type)
            {
                case "OrchestratorStarted":
                    AddStep();
                    episodes++;
                    break;
                case "TaskScheduled":
                    names.Add(name ?? "?");
                    activities++;
                    stepActivities++;
                    break;
                case "TimerCreated":
                    timers++;
                    stepTimers++;
                    break;
                case "SubOrchestrationInstanceCreated":
                    subOrchestrations++;
                    break;
            }
        }

        AddStep();
        return new OrchestrationHistory(episodes, activities, timers, subOrchestrations, shape, names);

        void AddStep()
        {
            if (stepActivities + stepTimers > 0)
            {
                shape.Add(new BareStep(stepActivities, stepTimers));
            }

            stepActivities = 0;
            stepTimers = 0;
        }
    }
}
