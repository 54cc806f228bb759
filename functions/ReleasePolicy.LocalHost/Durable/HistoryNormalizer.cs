using DurableTask.Core;
using DurableTask.Core.History;

namespace ReleasePolicy.LocalHost.Durable;

/// <summary>
/// Rewrites history events produced by the gRPC sidecar into the plain DurableTask.Core types that a
/// serializing backend (Azure Storage) understands.
/// </summary>
internal static class HistoryNormalizer
{
    public static void Normalize(OrchestrationRuntimeState? state)
    {
        if (state is null)
        {
            return;
        }

        NormalizeList(state.Events);
        NormalizeList(state.NewEvents);
    }

    public static void Normalize(IList<TaskMessage>? messages)
    {
        if (messages is null)
        {
            return;
        }

        foreach (TaskMessage message in messages)
        {
            Normalize(message);
        }
    }

    public static void Normalize(TaskMessage message)
    {
        message.Event = NormalizeEvent(message.Event);
    }

    /// <summary>Copies any tag map (the sidecar passes protobuf <c>MapField</c>s) into a plain dictionary.</summary>
    public static IDictionary<string, string> PlainTags(IDictionary<string, string> tags) =>
        tags is Dictionary<string, string> plain ? plain : new Dictionary<string, string>(tags, StringComparer.Ordinal);

    private static void NormalizeList(IList<HistoryEvent> events)
    {
        for (int i = 0; i < events.Count; i++)
        {
            HistoryEvent normalized = NormalizeEvent(events[i]);
            if (!ReferenceEquals(normalized, events[i]))
            {
                events[i] = normalized;
            }
        }
    }

    private static HistoryEvent NormalizeEvent(HistoryEvent historyEvent)
    {
        switch (historyEvent)
        {
            case SubOrchestrationInstanceCreatedEvent created when created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent):
                return new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                };
            case ExecutionStartedEvent started when started.Tags is not null:
                started.Tags = PlainTags(started.Tags);
                return started;
            case TaskScheduledEvent scheduled when scheduled.Tags is not null:
                scheduled.Tags = PlainTags(scheduled.Tags);
                return scheduled;
            default:
                return historyEvent;
        }
    }
}
