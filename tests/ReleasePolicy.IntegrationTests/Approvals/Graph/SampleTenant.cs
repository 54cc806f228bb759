using ReleasePolicy.IntegrationTests.Infrastructure.GraphStub;
using ReleasePolicy.Policy;

namespace ReleasePolicy.IntegrationTests.Approvals.Graph;

/// <summary>
/// The sample policy's people, groups and managers as an Entra tenant in the Graph stub. In Graph mode a person's id
/// is their user principal name, so every id becomes <c>{id}@contoso.example</c>; the mail address differs from it
/// (<c>first.last@mail.contoso.example</c>) so tests can tell that mail goes to the address Graph returns, not to
/// the UPN. Group names (mail nicknames) stay as the policy writes them, so the sample's tiers and RACI groups
/// resolve unchanged; a RACI entry naming a bare person (<c>alice</c>) no longer matches anyone, as in a real tenant.
/// </summary>
internal static class SampleTenant
{
    public const string Domain = "contoso.example";
    public const string Sender = "release-bot@" + Domain;

    public static string Upn(string id) => $"{id}@{Domain}";

    public static string Mail(string id) => Person(id).DisplayName.ToLowerInvariant().Replace(' ', '.') + "@mail." + Domain;

    public static PolicyPerson Person(string id) => SamplePolicy.Load().Directory.People.Single(p => p.Id == id);

    /// <summary>Adds the sender mailbox, every sample person and every sample group to the stub.</summary>
    public static void Populate(GraphStubServer stub)
    {
        stub.AddUser(Sender, "Release bot");
        PolicyDirectory directory = SamplePolicy.Load().Directory;
        foreach (PolicyPerson person in directory.People)
        {
            stub.AddUser(Upn(person.Id), person.DisplayName, Mail(person.Id), person.Manager is null ? null : Upn(person.Manager));
        }

        foreach ((string group, IReadOnlyList<string> members) in directory.Groups)
        {
            // Members that are groups keep their nickname (the stub nests them); people become UPNs.
            stub.AddGroup(group, [.. members.Select(m => directory.Groups.ContainsKey(m) ? m : Upn(m))]);
        }
    }
}
