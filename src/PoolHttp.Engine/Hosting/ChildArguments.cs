using System.Globalization;

namespace PoolHttp.Engine.Hosting;

/// <summary>
/// The command line of every child process: a verb, then <c>--key=value</c> pairs, written by the parent and read by
/// the child (never typed by people). Values may hold anything but a NUL, spaces and newlines included: each pair is
/// one argument, and only the first <c>=</c> separates key from value.
/// </summary>
public sealed class ChildArguments
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>An empty argument list for <paramref name="verb"/>.</summary>
    public ChildArguments(string verb)
    {
        ArgumentException.ThrowIfNullOrEmpty(verb);
        Verb = verb;
    }

    /// <summary>The first argument: which child this is.</summary>
    public string Verb { get; }

    /// <summary>Adds (or replaces) a text value; null is written as the empty text.</summary>
    public ChildArguments Add(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Contains('=', StringComparison.Ordinal)) throw new ArgumentException("A key cannot hold '='.", nameof(key));
        value ??= "";
        if (_values.ContainsKey(key)) _pairs.RemoveAll(p => p.Key == key);
        _values[key] = value;
        _pairs.Add(new(key, value));
        return this;
    }

    /// <summary>Adds a whole number, written in the invariant culture.</summary>
    public ChildArguments Add(string key, long value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a flag, written as 1 or 0.</summary>
    public ChildArguments Add(string key, bool value) => Add(key, value ? "1" : "0");

    /// <summary>The whole argument list, the verb first, the pairs in the order they were added.</summary>
    public IReadOnlyList<string> ToArgs() => [Verb, .. _pairs.Select(p => "--" + p.Key + "=" + p.Value)];

    /// <summary>
    /// Reads what <see cref="ToArgs"/> wrote for <paramref name="verb"/>; throws <see cref="FormatException"/> when the
    /// verb differs or an argument is not a <c>--key=value</c> pair.
    /// </summary>
    public static ChildArguments Parse(IReadOnlyList<string> args, string verb)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] != verb) throw new FormatException($"Not {verb} arguments.");
        var parsed = new ChildArguments(verb);
        for (int i = 1; i < args.Count; i++) // no Skip(): see ServerCounters on generic calls in a NativeAOT child
        {
            string arg = args[i];
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (!arg.StartsWith("--", StringComparison.Ordinal) || eq < 3) throw new FormatException($"Bad {verb} argument '{arg}'.");
            parsed.Add(arg[2..eq], arg[(eq + 1)..]);
        }
        return parsed;
    }

    /// <summary>The text of a key that must be present; <see cref="FormatException"/> when it is missing.</summary>
    public string Text(string key) =>
        _values.TryGetValue(key, out var value) ? value : throw new FormatException($"Missing {Verb} argument --{key}.");

    /// <summary>The text of a key, or null when it is missing or empty.</summary>
    public string? OptionalText(string key) => _values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>The whole number of a key that must be present; <see cref="FormatException"/> when missing or not a number.</summary>
    public long Long(string key) =>
        long.TryParse(Text(key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new FormatException($"The {Verb} argument --{key} is not a whole number.");

    /// <summary>True when the flag is present and 1; a missing flag is false.</summary>
    public bool Flag(string key) => _values.TryGetValue(key, out var value) && value == "1";
}
