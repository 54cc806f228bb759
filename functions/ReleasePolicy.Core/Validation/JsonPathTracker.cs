using System.Globalization;
using System.Text;

namespace ReleasePolicy.Validation;

/// <summary>
/// Follows a forward-only JSON read and names the current position the way field errors do: <c>$</c> for the root,
/// <c>evidence.scanFindings.findings[3].id</c> below it. Also remembers the names seen in each open object.
/// </summary>
internal sealed class JsonPathTracker
{
    private readonly List<Frame> frames = [];

    public string Current
    {
        get
        {
            var builder = new StringBuilder();
            foreach (Frame frame in this.frames)
            {
                if (frame.IsArray)
                {
                    if (frame.Index >= 0)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"[{frame.Index}]");
                    }
                }
                else if (frame.Name is not null)
                {
                    builder.Append(builder.Length == 0 ? string.Empty : ".").Append(frame.Name);
                }
            }

            return builder.Length == 0 ? "$" : builder[0] == '[' ? "$" + builder : builder.ToString();
        }
    }

    public void Enter(bool isArray) => this.frames.Add(new Frame(isArray));

    public void Leave()
    {
        if (this.frames.Count > 0)
        {
            this.frames.RemoveAt(this.frames.Count - 1);
        }
    }

    /// <summary>Moves to the next array item when a value starts directly inside an array.</summary>
    public void BeforeValue()
    {
        if (this.frames.Count > 0 && this.frames[^1].IsArray)
        {
            this.frames[^1].Index++;
        }
    }

    /// <summary>Records a property of the innermost object; false when the object already had that name.</summary>
    public bool Property(string name)
    {
        Frame frame = this.frames[^1];
        frame.Name = TextCharactersSafeName(name);
        return frame.Names.Add(name);
    }

    // Names go into problem details and logs: escape anything that could break a line or hide characters.
    private static string TextCharactersSafeName(string name) => TextCharacters.Escape(name, maxLength: 100);

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Name { get; set; }

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
    }
}
