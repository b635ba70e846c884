// The bench's outputs: the table on stdout, docs/benchmarks.md, docs/benchmarks.json and the chart docs/benchmarks.svg.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Target {
  scenario: string;
  what: string;
  /** e.g. '>= 0.8x'; the value is compared with it. */
  target: string;
  value: number;
  met: boolean;
  /** The numbers behind the value, for the table, e.g. '6.8k vs 11.9k req/s'. */
  detail: string;
}

export interface SweepPoint {
  concurrency: number;
  tessera: number;
  ceiling: number;
}

export interface Report {
  meta: { date: string; mode: 'full' | 'smoke'; cores: number; cpu: string; memoryGiB: number; node: string; seconds: number };
  scenarios: Record<string, Record<string, unknown>>;
  sweep: Record<string, SweepPoint[]>;
  targets: Target[];
}

export function atLeast(value: number, bound: number): Pick<Target, 'target' | 'value' | 'met'> {
  return { target: `>= ${bound}`, value, met: value >= bound };
}
export function atMost(value: number, bound: number): Pick<Target, 'target' | 'value' | 'met'> {
  return { target: `<= ${bound}`, value, met: value <= bound };
}

const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

export function table(targets: readonly Target[]): string {
  const rows = targets.map((t) => [t.scenario, t.what, t.target, round(t.value), t.met ? 'met' : 'NOT MET', t.detail]);
  const header = ['scenario', 'what', 'target', 'value', 'verdict', 'numbers'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const sweepTitles: Record<string, string> = {
  'grpc-validate': 'gRPC Validate (ghz) vs no-op grpc-js',
  'http-auth-user': 'GET /api/v1/auth/user/ (wrk) vs bare Fastify',
};

/**
 * Throughput against concurrency, one panel per sweep, Tessera and its ceiling as two lines. Written by hand: the
 * chart is two polylines and some text, and no well-kept, dependency-free SVG chart library fits a Node script
 * (Chart.js, which the dashboard uses, needs a canvas).
 */
export function chart(sweep: Record<string, SweepPoint[]>): string {
  const panelWidth = 420;
  const panelHeight = 260;
  const margin = { left: 60, right: 20, top: 40, bottom: 40 };
  const panels = Object.entries(sweep);
  const parts: string[] = [];
  panels.forEach(([name, points], index) => {
    const x0 = index * panelWidth;
    const plotWidth = panelWidth - margin.left - margin.right;
    const plotHeight = panelHeight - margin.top - margin.bottom;
    const maxY = niceCeiling(Math.max(1, ...points.flatMap((p) => [p.tessera, p.ceiling])));
    const x = (i: number) => x0 + margin.left + (points.length === 1 ? plotWidth / 2 : (i * plotWidth) / (points.length - 1));
    const y = (v: number) => margin.top + plotHeight - (v / maxY) * plotHeight;
    parts.push(`<text x="${x0 + panelWidth / 2}" y="20" text-anchor="middle" font-weight="bold">${escape(sweepTitles[name] ?? name)}</text>`);
    parts.push(`<line x1="${x0 + margin.left}" y1="${y(0)}" x2="${x0 + margin.left + plotWidth}" y2="${y(0)}" stroke="#999"/>`);
    parts.push(`<line x1="${x0 + margin.left}" y1="${y(0)}" x2="${x0 + margin.left}" y2="${margin.top}" stroke="#999"/>`);
    for (let tick = 0; tick <= 4; tick++) {
      const value = (maxY * tick) / 4;
      parts.push(`<text x="${x0 + margin.left - 6}" y="${y(value) + 4}" text-anchor="end" font-size="11">${formatRate(value)}</text>`);
      if (tick > 0) parts.push(`<line x1="${x0 + margin.left}" y1="${y(value)}" x2="${x0 + margin.left + plotWidth}" y2="${y(value)}" stroke="#eee"/>`);
    }
    points.forEach((p, i) => parts.push(`<text x="${x(i)}" y="${y(0) + 16}" text-anchor="middle" font-size="11">${p.concurrency}</text>`));
    parts.push(`<text x="${x0 + margin.left + plotWidth / 2}" y="${panelHeight - 6}" text-anchor="middle" font-size="11">concurrency</text>`);
    for (const [series, colour] of [['ceiling', '#999999'], ['tessera', '#1f77b4']] as const) {
      const coordinates = points.map((p, i) => `${x(i).toFixed(1)},${y(p[series]).toFixed(1)}`).join(' ');
      parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${coordinates}"/>`);
      points.forEach((p, i) => parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(p[series]).toFixed(1)}" r="3" fill="${colour}"/>`));
    }
    const legendX = x0 + margin.left + 8;
    parts.push(`<rect x="${legendX}" y="${margin.top - 2}" width="10" height="3" fill="#1f77b4"/><text x="${legendX + 14}" y="${margin.top + 3}" font-size="11">Tessera</text>`);
    parts.push(`<rect x="${legendX + 70}" y="${margin.top - 2}" width="10" height="3" fill="#999999"/><text x="${legendX + 84}" y="${margin.top + 3}" font-size="11">ceiling</text>`);
  });
  const width = Math.max(1, panels.length) * panelWidth;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${panelHeight}" viewBox="0 0 ${width} ${panelHeight}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n<text x="4" y="${panelHeight - 6}" font-size="10" fill="#666">req/s</text>\n${parts.join('\n')}\n</svg>\n`;
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value) ?? value;
}

const formatRate = (value: number) => (value >= 1000 ? `${round(value / 1000)}k` : round(value));
const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');

export function markdown(report: Report): string {
  const { meta } = report;
  const met = report.targets.filter((t) => t.met).length;
  return `# Benchmarks

The latest run of \`npm run bench\` (issue 17): each scenario runs alternately with its ceiling in one run, on one
machine, with the load generated on the same machine; ratios are medians over the rounds.

- date: ${meta.date} (${meta.mode} run, ${Math.round(meta.seconds)} s)
- machine: ${meta.cores} cores (${meta.cpu}), ${meta.memoryGiB} GiB memory, Node ${meta.node}
- targets met: ${met} of ${report.targets.length}

${table(report.targets)}

![Throughput against concurrency, Tessera and its ceilings](benchmarks.svg)

The raw numbers of every round are in [benchmarks.json](benchmarks.json).

## How to run it

\`\`\`sh
npm run bench              # the full run (about 10 minutes on 2 cores); rewrites docs/benchmarks.{md,json,svg}
npm run bench -- --smoke   # a few seconds per scenario, outputs in a temporary directory (or --out <dir>)
\`\`\`

It installs what it needs (npm ci, wrk with apt-get, ghz from the Go module proxy into \`.tessera/tools\`), starts
PostgreSQL, Redis and Kafka as \`npm start\` does unless the environment names them, builds the bundles, and runs the
services from \`dist/\` with \`LOG_LEVEL=info\`, tracing exported to a local OTLP sink and rate limits on. The ceilings
are a no-op grpc-js \`ValidationService\`, a bare Fastify route (also the proxy's upstream) and a bare kafkajs
consumer, each a process of its own (\`tools/bench/ceiling.ts\`). Service logs of the run are in \`.tessera/bench/\`.
`;
}

export function writeOutputs(directory: string, report: Report): void {
  writeFileSync(join(directory, 'benchmarks.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(directory, 'benchmarks.svg'), chart(report.sweep));
  writeFileSync(join(directory, 'benchmarks.md'), markdown(report));
}
