using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ReleasePolicy.Policy.Yaml;

internal abstract class YNode(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}

internal sealed class YScalar(string value, bool plain, int line, int column) : YNode(line, column)
{
    public string Value { get; } = value;

    /// <summary>Only plain scalars can be YAML nulls; a quoted "null" is the string.</summary>
    public bool IsNull => plain && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");
}

internal sealed class YSequence(IReadOnlyList<YNode> items, int line, int column) : YNode(line, column)
{
    public IReadOnlyList<YNode> Items { get; } = items;
}

internal sealed class YMapping(IReadOnlyList<KeyValuePair<YScalar, YNode>> entries, int line, int column)
    : YNode(line, column)
{
    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries { get; } = entries;

    public YNode? this[string key]
    {
        get
        {
            foreach (var entry in Entries)
            {
                if (entry.Key.Value == key)
                {
                    return entry.Value;
                }
            }

            return null;
        }
    }
}

/// <summary>
/// Builds a small node tree from YamlDotNet parser events. We build it ourselves rather than use the representation
/// model because this loop is iterative (deeply nested hostile input cannot overflow the stack), nesting is capped,
/// duplicate keys are reported, and every node keeps its line and column for error messages.
/// </summary>
internal static class YamlTree
{
    public const int MaxDepth = 32;

    public static YNode? Load(string text, List<PolicyValidationError> errors)
    {
        var position = new Position();
        try
        {
            return LoadCore(text, errors, position);
        }
        catch (YamlException ex)
        {
            errors.Add(new PolicyValidationError(string.Empty, Line(ex.Start), Column(ex.Start), Describe(ex)));
            return null;
        }
        catch (InvalidOperationException ex) when (ex.Source == "YamlDotNet")
        {
            // YamlDotNet's scanner throws this, without a location, on some unterminated flow collections (e.g.
            // "name: [unclosed"); the end of the last good event is the closest we can point to. Any other exception
            // is a defect of ours and is left to surface.
            errors.Add(new PolicyValidationError(
                string.Empty, position.Line, position.Column, "policy text could not be read after this point (unterminated flow collection or scalar?)"));
            return null;
        }
        catch (ArgumentException ex) when (ex.Source == "YamlDotNet")
        {
            // YamlDotNet's parser throws this for a verbatim tag it cannot accept ("!<:>": "Global tags must be valid
            // URIs"; "!<>": "Tag value must not be empty"); found by the parser's property test.
            errors.Add(new PolicyValidationError(
                string.Empty, position.Line, position.Column, "policy text has a YAML tag that is not valid after this point; policies use no tags"));
            return null;
        }
    }

    private static YNode? LoadCore(string text, List<PolicyValidationError> errors, Position position)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
        var stack = new Stack<Frame>();
        YNode? root = null;
        var documents = 0;

        while (parser.MoveNext())
        {
            var current = parser.Current!;
            position.Line = Line(current.End);
            position.Column = Column(current.End);
            switch (current)
            {
                case DocumentStart start:
                    documents++;
                    if (documents > 1)
                    {
                        errors.Add(new PolicyValidationError(
                            string.Empty, Line(start.Start), Column(start.Start), "expected a single YAML document"));
                        return null;
                    }

                    break;

                case Scalar scalar:
                    var node = new YScalar(
                        scalar.Value, scalar.Style == ScalarStyle.Plain, Line(scalar.Start), Column(scalar.Start));
                    Remember(anchors, scalar.Anchor, node);
                    Attach(stack, ref root, node);
                    break;

                case AnchorAlias alias:
                    if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        errors.Add(new PolicyValidationError(
                            string.Empty, Line(alias.Start), Column(alias.Start), $"unknown alias '*{alias.Value.Value}'"));
                        return null;
                    }

                    Attach(stack, ref root, target);
                    break;

                case SequenceStart sequence:
                case MappingStart:
                    if (stack.Count >= MaxDepth)
                    {
                        errors.Add(new PolicyValidationError(
                            string.Empty,
                            Line(current.Start),
                            Column(current.Start),
                            $"nesting deeper than {MaxDepth} levels is not allowed"));
                        return null;
                    }

                    var anchor = ((NodeEvent)current).Anchor;
                    stack.Push(new Frame(current is SequenceStart, anchor, Line(current.Start), Column(current.Start)));
                    break;

                case SequenceEnd:
                case MappingEnd:
                    var frame = stack.Pop();
                    YNode built = frame.IsSequence
                        ? new YSequence(frame.Items, frame.Line, frame.Column)
                        : BuildMapping(frame, errors);
                    Remember(anchors, frame.Anchor, built);
                    Attach(stack, ref root, built);
                    break;
            }
        }

        return root;
    }

    private static YMapping BuildMapping(Frame frame, List<PolicyValidationError> errors)
    {
        var entries = new List<KeyValuePair<YScalar, YNode>>(frame.Items.Count / 2);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < frame.Items.Count; i += 2)
        {
            if (frame.Items[i] is not YScalar key)
            {
                errors.Add(new PolicyValidationError(
                    string.Empty, frame.Items[i].Line, frame.Items[i].Column, "mapping keys must be plain text"));
                continue;
            }

            if (!seen.Add(key.Value))
            {
                errors.Add(new PolicyValidationError(string.Empty, key.Line, key.Column, $"duplicate key '{key.Value}'"));
                continue;
            }

            entries.Add(new KeyValuePair<YScalar, YNode>(key, frame.Items[i + 1]));
        }

        return new YMapping(entries, frame.Line, frame.Column);
    }

    private static void Attach(Stack<Frame> stack, ref YNode? root, YNode node)
    {
        if (stack.Count == 0)
        {
            root = node;
        }
        else
        {
            stack.Peek().Items.Add(node);
        }
    }

    private static void Remember(Dictionary<string, YNode> anchors, AnchorName anchor, YNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private static int Line(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    private static int Column(Mark mark) => (int)Math.Min(mark.Column, int.MaxValue);

    private static string Describe(YamlException ex)
    {
        // YamlDotNet prefixes its messages with the position, which we already report in Line/Column.
        var message = ex.Message;
        var separator = message.IndexOf("): ", StringComparison.Ordinal);
        return separator >= 0 && message.StartsWith('(') ? message[(separator + 3)..] : message;
    }

    private sealed class Position
    {
        public int? Line { get; set; }

        public int? Column { get; set; }
    }

    private sealed class Frame(bool isSequence, AnchorName anchor, int line, int column)
    {
        public bool IsSequence { get; } = isSequence;

        public AnchorName Anchor { get; } = anchor;

        public int Line { get; } = line;

        public int Column { get; } = column;

        public List<YNode> Items { get; } = [];
    }
}
