import type { Chart as ChartJs, ChartDataset, ChartOptions, ChartType } from 'chart.js';
import { $, setState } from './dom.ts';
import { bucketLabel, fullTime, shortDateTime } from './format.ts';
import type { Span, SummaryAnswer } from './summary-panel.ts';

declare global {
  interface Window {
    /** Chart.js's UMD build, which the page loads before this script; absent when it failed to load. */
    Chart?: typeof ChartJs;
  }
}

type Series = keyof Omit<SummaryAnswer['series'][number], 'at'>;

interface Plot {
  type: 'line' | 'bar';
  /** Each dataset's series, label and colour (a CSS variable of the page's theme). */
  series: Array<{ field: Series; label: string; color: string; fill?: 'origin' }>;
  empty: string;
  legend: boolean;
}

const plots: Record<'validations' | 'logins' | 'lifecycle', Plot> = {
  validations: {
    type: 'line',
    series: [{ field: 'validations', label: 'Validations', color: '--accent', fill: 'origin' }],
    empty: 'No validations in this window. Every request a gateway or service checks with a token or API key is counted here.',
    legend: false,
  },
  logins: {
    type: 'line',
    series: [
      { field: 'logins', label: 'Logins', color: '--ok' },
      { field: 'failed_logins', label: 'Failed logins', color: '--bad', fill: 'origin' },
    ],
    empty: 'No logins in this window. Sign in through the gateway and it shows here.',
    legend: true,
  },
  lifecycle: {
    type: 'bar',
    series: [
      { field: 'issued', label: 'Issued', color: '--accent' },
      { field: 'revoked', label: 'Revoked', color: '--warn' },
    ],
    empty: 'No tokens issued or revoked in this window.',
    legend: true,
  },
};
const names = Object.keys(plots) as Array<keyof typeof plots>;

export interface Charts {
  render(summary: SummaryAnswer, span: Span): void;
  /** Says why in each chart that has never drawn. */
  unavailable(message: string): void;
  destroy(): void;
}

/** The summary's series as charts; undefined, with the reason shown where they would be, when Chart.js did not load. */
export function createCharts(): Charts | undefined {
  const Chart = window.Chart;
  if (!Chart) {
    for (const name of names) setState($(`chart-${name}-empty`), 'error', 'Charts are unavailable: Chart.js did not load.');
    return undefined;
  }
  const css = getComputedStyle(document.documentElement);
  const color = (name: string) => css.getPropertyValue(name).trim();
  Chart.defaults.font.family = css.getPropertyValue('font-family');
  Chart.defaults.color = color('--muted');
  Chart.defaults.borderColor = color('--grid');

  const options = (legend: boolean): ChartOptions<ChartType> => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { display: legend, position: 'bottom', labels: { boxWidth: 10, boxHeight: 10 } }, tooltip: { callbacks: {} } },
    scales: {
      x: { grid: { display: false }, ticks: { maxTicksLimit: 7, maxRotation: 0, autoSkip: true } },
      y: { beginAtZero: true, ticks: { precision: 0, maxTicksLimit: 5 } },
    },
    elements: { point: { radius: 0, hoverRadius: 4, hitRadius: 8 }, line: { tension: 0.3, borderWidth: 2 } },
  });
  const dataset = (type: Plot['type'], { label, color: cssColor, fill }: Plot['series'][number]): ChartDataset<ChartType, number[]> =>
    type === 'line'
      ? { label, data: [], borderColor: color(cssColor), backgroundColor: `${color(cssColor)}33`, fill: fill ?? false }
      : { label, data: [], backgroundColor: color(cssColor), borderRadius: 2, maxBarThickness: 18 };

  const charts = names.map((name) => {
    const plot = plots[name];
    const chart = new Chart<ChartType, number[], string>($<HTMLCanvasElement>(`chart-${name}`), {
      type: plot.type,
      data: { labels: [], datasets: plot.series.map((series) => dataset(plot.type, series)) },
      options: options(plot.legend),
    });
    return { name, plot, chart };
  });

  return {
    render(summary, span) {
      const labels = summary.series.map((point) => bucketLabel(point.at, summary.bucket, span.hours));
      const titles = summary.series.map((point) => fullTime.format(new Date(point.at)));
      const range = `${shortDateTime.format(new Date(summary.from))} – ${shortDateTime.format(new Date(summary.to))}, per ${summary.bucket}`;
      for (const node of document.querySelectorAll('[data-chart-range]')) node.textContent = range;
      for (const { name, plot, chart } of charts) {
        chart.data.labels = labels;
        plot.series.forEach(({ field }, index) => {
          const target = chart.data.datasets[index];
          if (target) target.data = summary.series.map((point) => point[field]);
        });
        const tooltip = chart.options.plugins?.tooltip;
        if (tooltip?.callbacks) tooltip.callbacks.title = (items) => titles[items[0]?.dataIndex ?? -1] ?? '';
        chart.update('none');
        const total = plot.series.reduce((sum, { field }) => sum + summary.series.reduce((acc, point) => acc + point[field], 0), 0);
        setState($(`chart-${name}-empty`), 'empty', total === 0 ? plot.empty : undefined);
      }
    },
    unavailable(message) {
      for (const { name, chart } of charts) if (!chart.data.labels?.length) setState($(`chart-${name}-empty`), 'error', message);
    },
    destroy() {
      for (const { chart } of charts) chart.destroy();
    },
  };
}
