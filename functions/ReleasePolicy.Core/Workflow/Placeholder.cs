namespace ReleasePolicy.Workflow; internal static class Placeholder { }
