using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Notifications.Graph;

namespace ReleasePolicy.IntegrationTests.Infrastructure.GraphStub;

/// <summary>
/// A local Microsoft Graph for tests: Kestrel on a loopback port, a mutable tenant (users, groups with nested groups),
/// exactly the endpoints the app calls (type casts as the SDK writes them, <c>graph.user</c>, or in full), pages of two (so paging is always exercised), and every request recorded.
/// Requests without the expected bearer token get 401, as Graph would answer.
/// </summary>
internal sealed partial class GraphStubServer : IAsyncDisposable
{
    public const string Token = "stub-graph-token";
    private const int PageSize = 2;

    private readonly object gate = new();
    private readonly List<StubUser> users = [];
    private readonly List<StubGroup> groups = [];
    private readonly List<RecordedRequest> requests = [];
    private readonly List<StubSentMail> mails = [];
    private readonly Queue<(int Status, int RetryAfterSeconds)> failures = new();
    private WebApplication? app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (this.gate) { return this.requests.ToArray(); } }
    }

    public IReadOnlyList<StubSentMail> SentMails
    {
        get { lock (this.gate) { return this.mails.ToArray(); } }
    }

    public static async Task<GraphStubServer> StartAsync()
    {
        var stub = new GraphStubServer();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        stub.app = builder.Build();
        stub.app.Run(stub.HandleAsync);
        await stub.app.StartAsync();
        string address = stub.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.BaseUrl = new Uri(address.TrimEnd('/') + "/v1.0");
        return stub;
    }

    /// <summary>The real SDK, configured the app's way, pointed at this stub with its token.</summary>
    public GraphConnection Connect(string? sender = null) =>
        new(Microsoft.Extensions.Options.Options.Create(this.GraphOptions(sender)), new StaticTokenAuthentication(Token, this.BaseUrl.Host));

    public GraphOptions GraphOptions(string? sender = null) => new() { BaseUrl = this.BaseUrl, Sender = sender };

    public StubUser AddUser(string upn, string displayName, string? mail = null, string? manager = null)
    {
        var user = new StubUser(Guid.NewGuid().ToString(), upn, displayName, mail ?? upn, manager);
        lock (this.gate)
        {
            this.users.Add(user);
        }

        return user;
    }

    public StubGroup AddGroup(string mailNickname, params string[] members)
    {
        var group = new StubGroup(Guid.NewGuid().ToString(), mailNickname, [.. members]);
        lock (this.gate)
        {
            this.groups.Add(group);
        }

        return group;
    }

    public void AddMember(string mailNickname, string member)
    {
        lock (this.gate)
        {
            this.groups.Single(g => g.MailNickname == mailNickname).Members.Add(member);
        }
    }

    public void RemoveMember(string mailNickname, string member)
    {
        lock (this.gate)
        {
            this.groups.Single(g => g.MailNickname == mailNickname).Members.Remove(member);
        }
    }

    /// <summary>The next <paramref name="times"/> requests fail with <paramref name="status"/> (and a Retry-After).</summary>
    public void FailNext(int status, int times, int retryAfterSeconds = 1)
    {
        lock (this.gate)
        {
            for (int i = 0; i < times; i++)
            {
                this.failures.Enqueue((status, retryAfterSeconds));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (this.app is not null)
        {
            await this.app.StopAsync();
            await this.app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        string body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
        string path = request.Path.Value ?? string.Empty;
        lock (this.gate)
        {
            this.requests.Add(new RecordedRequest(
                request.Method,
                path + request.QueryString.Value,
                request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
                body) { At = DateTimeOffset.UtcNow });
        }

        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await Error(context, 401, "InvalidAuthenticationToken", "Access token is empty or not the stub's.");
            return;
        }

        (int Status, int RetryAfter)? failure = null;
        lock (this.gate)
        {
            if (this.failures.Count > 0)
            {
                failure = this.failures.Dequeue();
            }
        }

        if (failure is { } fail)
        {
            context.Response.Headers.RetryAfter = fail.RetryAfter.ToString(CultureInfo.InvariantCulture);
            await Error(context, fail.Status, fail.Status == 429 ? "TooManyRequests" : "ServiceUnavailable", "Injected failure.");
            return;
        }

        Match match;
        if (request.Method == "GET" && path == "/v1.0/groups")
        {
            await this.ListGroupsAsync(context);
        }
        else if (request.Method == "GET" && path == "/v1.0/users")
        {
            await this.ListUsersAsync(context);
        }
        else if (request.Method == "GET" && (match = GroupMembersPath().Match(path)).Success)
        {
            StubGroup? group = this.Group(g => g.ObjectId == match.Groups[1].Value);
            if (group is null)
            {
                await Error(context, 404, "Request_ResourceNotFound", "No such group.");
                return;
            }

            await this.PageAsync(context, this.TransitiveUsers(group).Select(UserJson).ToList());
        }
        else if ((match = UserPath().Match(path)).Success)
        {
            StubUser? user = this.User(match.Groups[1].Value);
            if (user is null)
            {
                await Error(context, 404, "Request_ResourceNotFound", $"Resource '{match.Groups[1].Value}' does not exist.");
                return;
            }

            await this.UserEndpointAsync(context, user, match.Groups[2].Value, body);
        }
        else
        {
            await Error(context, 400, "StubUnknownEndpoint", $"The Graph stub does not serve {request.Method} {path}.");
        }
    }

    private async Task UserEndpointAsync(HttpContext context, StubUser user, string rest, string body)
    {
        string method = context.Request.Method;
        if (method == "GET" && rest is "/transitiveMemberOf/microsoft.graph.group" or "/transitiveMemberOf/graph.group")
        {
            List<StubGroup> all;
            lock (this.gate)
            {
                all = this.groups.ToList();
            }

            await this.PageAsync(context, all.Where(g => this.TransitiveUsers(g).Contains(user)).Select(GroupJson).ToList());
        }
        else if (method == "GET" && rest == "/manager")
        {
            StubUser? manager = user.Manager is null ? null : this.User(user.Manager);
            if (manager is null)
            {
                await Error(context, 404, "Request_ResourceNotFound", "Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
                return;
            }

            await Json(context, 200, UserJson(manager));
        }
        else if (method == "POST" && rest == "/checkMemberGroups")
        {
            JsonNode? ids = Property(JsonNode.Parse(body), "groupIds");
            var asked = ids?.AsArray().Select(i => i!.GetValue<string>()).ToList() ?? [];
            List<StubGroup> all;
            lock (this.gate)
            {
                all = this.groups.ToList();
            }

            var hits = all.Where(g => asked.Contains(g.ObjectId) && this.TransitiveUsers(g).Contains(user)).Select(g => (JsonNode?)JsonValue.Create(g.ObjectId)).ToArray();
            await Json(context, 200, new JsonObject { ["value"] = new JsonArray(hits) });
        }
        else if (method == "POST" && rest == "/sendMail")
        {
            this.RecordMail(user, body, context.Request.Headers["client-request-id"].ToString());
            context.Response.StatusCode = 202;
        }
        else if (method == "GET" && rest.Length == 0)
        {
            await Json(context, 200, UserJson(user));
        }
        else
        {
            await Error(context, 400, "StubUnknownEndpoint", $"The Graph stub does not serve {method} /users/…{rest}.");
        }
    }

    private async Task ListGroupsAsync(HttpContext context)
    {
        Match filter = NicknameFilter().Match(context.Request.Query["$filter"].ToString());
        if (!filter.Success)
        {
            await Error(context, 400, "BadRequest", "Invalid filter clause.");
            return;
        }

        string nickname = filter.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal);
        StubGroup? group = this.Group(g => string.Equals(g.MailNickname, nickname, StringComparison.OrdinalIgnoreCase));
        await this.PageAsync(context, group is null ? [] : [GroupJson(group)]);
    }

    private async Task ListUsersAsync(HttpContext context)
    {
        Match filter = UserFilter().Match(context.Request.Query["$filter"].ToString());
        if (!filter.Success || filter.Groups[1].Value != filter.Groups[2].Value)
        {
            await Error(context, 400, "BadRequest", "Invalid filter clause.");
            return;
        }

        string value = filter.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal);
        List<StubUser> found;
        lock (this.gate)
        {
            found = this.users.Where(u => string.Equals(u.UserPrincipalName, value, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Mail, value, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        await this.PageAsync(context, found.Select(UserJson).ToList());
    }

    /// <summary>One page of <see cref="PageSize"/> from <c>$skiptoken</c>, with <c>@odata.nextLink</c> while more remain.</summary>
    private async Task PageAsync(HttpContext context, List<JsonObject> items)
    {
        int skip = int.TryParse(context.Request.Query["$skiptoken"], NumberStyles.None, CultureInfo.InvariantCulture, out int s) ? s : 0;
        var page = new JsonObject { ["value"] = new JsonArray(items.Skip(skip).Take(PageSize).Select(i => (JsonNode?)i).ToArray()) };
        if (skip + PageSize < items.Count)
        {
            page["@odata.nextLink"] = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?$skiptoken={skip + PageSize}";
        }

        await Json(context, 200, page);
    }

    private void RecordMail(StubUser sender, string body, string clientRequestId)
    {
        // The SDK writes PascalCase top-level keys (Message, SaveToSentItems): read every key without regard to case.
        JsonNode? root = JsonNode.Parse(body);
        JsonNode? message = Property(root, "message");
        JsonArray recipients = Property(message, "toRecipients")?.AsArray() ?? [];
        JsonNode? content = Property(message, "body");
        JsonNode? save = Property(root, "saveToSentItems");
        lock (this.gate)
        {
            this.mails.Add(new StubSentMail(
                sender.UserPrincipalName,
                recipients.Select(r => Property(Property(r, "emailAddress"), "address")?.GetValue<string>() ?? string.Empty).ToArray(),
                recipients.Select(r => Property(Property(r, "emailAddress"), "name")?.GetValue<string>()).ToArray(),
                Property(message, "subject")?.GetValue<string>() ?? string.Empty,
                Property(content, "contentType")?.GetValue<string>() ?? string.Empty,
                Property(content, "content")?.GetValue<string>() ?? string.Empty,
                save?.GetValue<bool>(),
                string.IsNullOrEmpty(clientRequestId) ? null : clientRequestId) { At = DateTimeOffset.UtcNow });
        }
    }

    private static JsonNode? Property(JsonNode? node, string name) =>
        node is JsonObject obj ? obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value : null;

    /// <summary>Every user in the group, through nested groups (each group visited once).</summary>
    private List<StubUser> TransitiveUsers(StubGroup root)
    {
        lock (this.gate)
        {
            var found = new List<StubUser>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var pending = new Stack<StubGroup>([root]);
            while (pending.Count > 0)
            {
                StubGroup group = pending.Pop();
                if (!seen.Add(group.MailNickname))
                {
                    continue;
                }

                foreach (string member in group.Members)
                {
                    if (this.groups.FirstOrDefault(g => g.MailNickname == member) is { } nested)
                    {
                        pending.Push(nested);
                    }
                    else if (this.users.FirstOrDefault(u => u.UserPrincipalName == member) is { } user && !found.Contains(user))
                    {
                        found.Add(user);
                    }
                }
            }

            return found;
        }
    }

    private StubUser? User(string idOrUpn)
    {
        lock (this.gate)
        {
            return this.users.FirstOrDefault(u => u.ObjectId == idOrUpn || string.Equals(u.UserPrincipalName, idOrUpn, StringComparison.OrdinalIgnoreCase));
        }
    }

    private StubGroup? Group(Func<StubGroup, bool> predicate)
    {
        lock (this.gate)
        {
            return this.groups.FirstOrDefault(predicate);
        }
    }

    private static JsonObject UserJson(StubUser user) => new()
    {
        ["@odata.type"] = "#microsoft.graph.user",
        ["id"] = user.ObjectId,
        ["userPrincipalName"] = user.UserPrincipalName,
        ["displayName"] = user.DisplayName,
        ["mail"] = user.Mail,
    };

    private static JsonObject GroupJson(StubGroup group) => new()
    {
        ["@odata.type"] = "#microsoft.graph.group",
        ["id"] = group.ObjectId,
        ["mailNickname"] = group.MailNickname,
    };

    private static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static Task Error(HttpContext context, int status, string code, string message) =>
        Json(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    [GeneratedRegex("^/v1.0/groups/([^/]+)/transitiveMembers/(microsoft\\.)?graph\\.user$")]
    private static partial Regex GroupMembersPath();

    [GeneratedRegex("^/v1.0/users/([^/]+)(/.*)?$")]
    private static partial Regex UserPath();

    [GeneratedRegex("^mailNickname eq '((?:[^']|'')*)'$")]
    private static partial Regex NicknameFilter();

    [GeneratedRegex("^userPrincipalName eq '((?:[^']|'')*)' or mail eq '((?:[^']|'')*)'$")]
    private static partial Regex UserFilter();
}
