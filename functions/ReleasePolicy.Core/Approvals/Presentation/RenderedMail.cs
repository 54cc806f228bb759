namespace ReleasePolicy.Approvals.Presentation;

/// <summary>A rendered approval mail: a plain-text subject and a complete HTML document.</summary>
public sealed record RenderedMail(string Subject, string Html);
