using ReleasePolicy.Policy;

namespace ReleasePolicy.Calendar;

// Placeholder signature until the engine lands (its branch replaces this file).
public static class CalendarViews
{
    public static CalendarView Build(PolicyDocument policy, SlotRequest request, IEnumerable<AdHocFreeze> adHoc, IBookingTimeline bookings, TimeRange range) =>
        throw new NotImplementedException();
}
