using System.Globalization;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

public static partial class StressReport
{
    private const double Height = 230, Left = 60, Right = 18, Top = 14, Bottom = 40;
    private const double Mib = 1024 * 1024;

    private static readonly string[] Palette = { "#2563eb", "#f59e0b", "#0d9488", "#9333ea", "#db2777", "#65a30d", "#0891b2", "#ea580c" };

    /// <summary>One chart per (server workers, series): rows of server-worker counts, the series side by side, one y scale for all.</summary>
    private static void WriteChartGrid(TextWriter w, IReadOnlyList<StressReportSet> sets, StressOperation operation, Func<PoolStressResult, double> metric)
    {
        var rows = sets.SelectMany(s => s.Rows).Where(r => r.Operation == operation).ToList();
        var sizes = rows.Select(r => r.FileSizeBytes).Distinct().Order().ToArray();
        var clients = rows.Select(r => r.ClientWorkers).Distinct().Order().ToArray();
        int?[] servers = rows.Select(r => r.ServerWorkers).Where(s => s is not null).Distinct().Order().ToArray();
        if (servers.Length == 0) servers = new int?[] { null };
        var (yMax, yStep) = Nice(rows.Count == 0 ? 0 : rows.Max(metric) / Mib);
        // Narrower drawings for more columns, so that the text comes out at about the same size on the page.
        double width = sets.Count switch { 1 => 760, 2 => 560, _ => 430 };
        WriteLegend(w, sizes);
        w.WriteLine($"<div class=\"grid\" style=\"grid-template-columns: repeat({sets.Count}, minmax(0, 1fr))\">");
        foreach (int? server in servers)
        {
            foreach (var set in sets)
            {
                var mine = set.Rows.Where(r => r.Operation == operation && (r.ServerWorkers == server || r.ServerWorkers is null)).ToList();
                string workers = mine.FirstOrDefault()?.ServerWorkers is null && mine.Count > 0
                    ? "its own worker count"
                    : server is int n ? $"{n} server worker{(n == 1 ? "" : "s")}" : "";
                w.WriteLine($"<figure class=\"panel\"><figcaption><b>{E(set.DisplayLabel)}</b> · {E(workers)}</figcaption>");
                if (mine.Count == 0) w.WriteLine("<div class=\"empty\">no rows</div>");
                else WriteChart(w, mine, sizes, clients, metric, width, yMax, yStep);
                w.WriteLine("</figure>");
            }
        }
        w.WriteLine("</div>");
    }

    private static void WriteLegend(TextWriter w, long[] sizes)
    {
        w.Write("<div class=\"legend\">");
        for (int i = 0; i < sizes.Length; i++)
            w.Write($"<span><i style=\"background:{Palette[i % Palette.Length]}\"></i>{E(SizeLabel(sizes[i]))} files</span>");
        w.Write("<span><i class=\"ring\"></i>some clients failed</span>");
        w.WriteLine("</div>");
    }

    private static void WriteChart(TextWriter w, IReadOnlyList<PoolStressResult> rows, long[] sizes, int[] clients,
        Func<PoolStressResult, double> metric, double width, double yMax, double yStep)
    {
        double plotW = width - Left - Right, plotH = Height - Top - Bottom;
        double X(int i) => Left + (clients.Length == 1 ? plotW / 2 : plotW * (0.06 + 0.88 * i / (clients.Length - 1)));
        double Y(double v) => Top + plotH * (1 - Math.Min(v, yMax) / yMax);
        w.WriteLine($"<svg viewBox=\"0 0 {width} {Height}\" role=\"img\">");
        WriteAxes(w, clients, width, yMax, yStep, X, Y);
        for (int s = 0; s < sizes.Length; s++)
        {
            string color = Palette[s % Palette.Length];
            var points = new List<(double X, double Y, string Tip, bool Failed)>();
            for (int c = 0; c < clients.Length; c++)
            {
                var same = rows.Where(r => r.FileSizeBytes == sizes[s] && r.ClientWorkers == clients[c]).ToList();
                if (same.Count == 0) continue;
                double value = same.Average(metric) / Mib;
                int failed = same.Sum(r => r.ClientsFailed), total = same.Sum(r => r.ClientWorkers);
                string tip = string.Create(CultureInfo.InvariantCulture,
                    $"{SizeLabel(sizes[s])} x {clients[c]} clients: {value:0.0} MiB/s{(failed > 0 ? $", {failed} of {total} clients failed" : "")}");
                points.Add((X(c), Y(value), tip, failed > 0));
            }
            if (points.Count > 1)
                w.WriteLine($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2.5\" stroke-linejoin=\"round\" points=\"{string.Join(' ', points.Select(p => P(p.X) + "," + P(p.Y)))}\"/>");
            foreach (var p in points)
            {
                if (p.Failed) w.Write($"<circle cx=\"{P(p.X)}\" cy=\"{P(p.Y)}\" r=\"8\" fill=\"none\" stroke=\"#dc2626\" stroke-width=\"2.5\"/>");
                w.WriteLine($"<circle cx=\"{P(p.X)}\" cy=\"{P(p.Y)}\" r=\"4\" fill=\"{color}\" stroke=\"#fff\" stroke-width=\"1.5\"><title>{E(p.Tip)}</title></circle>");
            }
        }
        w.WriteLine("</svg>");
    }

    private static void WriteAxes(TextWriter w, int[] clients, double width, double yMax, double yStep, Func<int, double> x, Func<double, double> y)
    {
        for (double v = 0; v <= yMax + yStep / 1000; v += yStep)
        {
            w.WriteLine($"<line x1=\"{P(Left)}\" x2=\"{P(width - Right)}\" y1=\"{P(y(v))}\" y2=\"{P(y(v))}\" class=\"{(v == 0 ? "axis" : "gridline")}\"/>");
            w.WriteLine($"<text x=\"{P(Left - 8)}\" y=\"{P(y(v) + 4)}\" class=\"tick\" text-anchor=\"end\">{E(Tick(v, yStep))}</text>");
        }
        for (int i = 0; i < clients.Length; i++)
        {
            w.WriteLine($"<line x1=\"{P(x(i))}\" x2=\"{P(x(i))}\" y1=\"{P(Height - Bottom)}\" y2=\"{P(Height - Bottom + 5)}\" class=\"axis\"/>");
            w.WriteLine($"<text x=\"{P(x(i))}\" y=\"{P(Height - Bottom + 18)}\" class=\"tick\" text-anchor=\"middle\">{clients[i]}</text>");
        }
        w.WriteLine($"<text x=\"{P(Left + (width - Left - Right) / 2)}\" y=\"{P(Height - 4)}\" class=\"axislabel\" text-anchor=\"middle\">client workers</text>");
        w.WriteLine($"<text transform=\"translate(14 {P(Top + (Height - Top - Bottom) / 2)}) rotate(-90)\" class=\"axislabel\" text-anchor=\"middle\">MiB/s</text>");
    }

    /// <summary>A round axis maximum and step for values up to <paramref name="max"/>, about five steps.</summary>
    internal static (double Max, double Step) Nice(double max)
    {
        if (!(max > 0)) return (1, 0.25);
        double raw = max / 5;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = (raw / magnitude) switch { <= 1 => 1, <= 2 => 2, <= 2.5 => 2.5, <= 5 => 5, _ => 10 } * magnitude;
        return (Math.Ceiling(max / step - 1e-9) * step, step);
    }

    private static string Tick(double v, double step) => v.ToString(step >= 1 ? "#,0" : "0.##", CultureInfo.InvariantCulture);

    private static string SizeLabel(long bytes) => TransferCounter.FormatBytes(bytes).Replace(".0 ", " ", StringComparison.Ordinal);

    private static string P(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private const string Css = """
        :root { --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --bg: #f8fafc; --bad: #dc2626; --badbg: #fef2f2; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        main { max-width: 1360px; margin: 0 auto; padding: 28px 32px 48px; }
        header h1 { margin: 0; font-size: 26px; letter-spacing: -0.01em; }
        .sub { margin: 4px 0 20px; color: var(--muted); }
        h2 { font-size: 19px; margin: 34px 0 4px; }
        h3 { font-size: 16px; margin: 26px 0 4px; }
        .note { color: var(--muted); margin: 0 0 10px; font-size: 13px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
        .card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; }
        .card .value { font-size: 24px; font-weight: 650; margin: 2px 0; }
        .card .note { margin: 0; }
        .card.bad { border-color: var(--bad); background: var(--badbg); }
        .card.bad .value, .card.bad .note { color: var(--bad); }
        .legend { display: flex; flex-wrap: wrap; gap: 18px; margin: 6px 0 10px; font-size: 13px; }
        .legend span { display: inline-flex; align-items: center; gap: 6px; }
        .legend i { width: 18px; height: 4px; border-radius: 2px; display: inline-block; }
        .legend i.ring { width: 13px; height: 13px; border-radius: 50%; border: 2.5px solid var(--bad); }
        .grid { display: grid; gap: 12px; }
        .panel { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px 4px; }
        .panel figcaption { font-size: 13px; color: var(--muted); }
        .panel figcaption b { color: var(--ink); }
        .panel svg { width: 100%; height: auto; display: block; }
        .empty { color: var(--muted); padding: 40px; text-align: center; }
        .gridline { stroke: var(--line); stroke-width: 1; }
        .axis { stroke: #94a3b8; stroke-width: 1; }
        .tick { fill: var(--muted); font-size: 11px; }
        .axislabel { fill: var(--muted); font-size: 11.5px; }
        .tablewrap { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 10px; }
        table { border-collapse: collapse; width: 100%; font-size: 12px; font-variant-numeric: tabular-nums; }
        th { background: #f1f5f9; text-align: right; font-weight: 600; padding: 6px 5px; border-bottom: 1px solid var(--line); vertical-align: bottom; }
        td { text-align: right; padding: 4px 5px; border-bottom: 1px solid #f1f5f9; white-space: nowrap; }
        td.text, th:first-child { text-align: left; }
        td.series { white-space: normal; min-width: 90px; max-width: 150px; }
        tbody tr:nth-child(even) { background: #fbfdff; }
        tr.failed td { background: var(--badbg); }
        td.bad { color: var(--bad); font-weight: 700; }
        """;
}
