using System.Reflection;
using ReleasePolicy.Functions;
using ReleasePolicy.LocalHost.Functions;

namespace ReleasePolicy.IntegrationTests.Hosting;

public sealed class ParameterSourcesTests
{
    [Fact]
    public void Classify_TriggerParameterIsAnotherReflectionObjectForTheSameParameter_StillBindsTheTrigger()
    {
        // Under concurrent first use, reflection can return two ParameterInfo objects for one parameter; binding
        // must not depend on which one the catalog kept.
        FunctionDescriptor activity = FunctionHostingPlan.For(typeof(ServiceRegistration).Assembly).Activities.First();
        var copy = new ParameterCopy(activity.TriggerParameter!);
        FunctionDescriptor withCopy = activity with { TriggerParameter = copy };

        ParameterInfo real = withCopy.Method.GetParameters()[copy.Position];

        Assert.NotSame(real, withCopy.TriggerParameter);
        Assert.Equal(ParameterSource.TriggerInput, ParameterSources.Classify(withCopy, real));
    }

    private sealed class ParameterCopy : ParameterInfo
    {
        public ParameterCopy(ParameterInfo original)
        {
            this.ClassImpl = original.ParameterType;
            this.MemberImpl = original.Member;
            this.NameImpl = original.Name;
            this.PositionImpl = original.Position;
        }
    }
}
