namespace ReleasePolicy.Evidence;

/// <summary>The per-blob immutability policy the store asks for on every write, where storage supports it.</summary>
public enum ImmutabilityMode
{
    /// <summary>Ask for nothing: rely on the container's own policy (and on create-only writes and the chain).</summary>
    None,

    /// <summary>Time-based retention that an administrator can still shorten or remove (test and staging).</summary>
    Unlocked,

    /// <summary>Time-based retention nobody can shorten until it expires (production).</summary>
    Locked,
}
