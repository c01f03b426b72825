import { niceCeiling } from '../../lib/chartScale';
import { Legend } from './StackedColumns';

export interface BarRow {
  label: string;
  /** One value per series; null when there is nothing to show (no streamed call, no TTFB). */
  values: (number | null)[];
}

interface HorizontalBarsProps {
  title: string;
  rows: BarRow[];
  series: string[];
  format(value: number): string;
  emptyText: string;
}

const WIDTH = 640;
const LABEL = 150;
const BAR = 10;
const GAP = 10;

/** A group of bars per row (per model, per provider), one bar per series. Hand-drawn SVG. */
export function HorizontalBars({ title, rows, series, format, emptyText }: HorizontalBarsProps) {
  if (rows.length === 0) return <p className="muted chart-empty">{emptyText}</p>;
  const max = niceCeiling(Math.max(0, ...rows.flatMap((r) => r.values.map((v) => v ?? 0))));
  const rowHeight = series.length * BAR + GAP;
  const height = rows.length * rowHeight + GAP;
  const plot = WIDTH - LABEL - 90;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title}>
        {rows.map((row, r) => {
          const top = GAP + r * rowHeight;
          return (
            <g key={row.label}>
              <text className="chart-label" x={LABEL - 8} y={top + (series.length * BAR) / 2 + 4} textAnchor="end">
                {row.label.length > 22 ? `${row.label.slice(0, 21)}…` : row.label}
              </text>
              {row.values.map((value, s) => {
                const width = value === null ? 0 : (value / max) * plot;
                const y = top + s * BAR;
                return (
                  <g key={series[s]}>
                    <rect x={LABEL} y={y} width={Math.max(width, value ? 1 : 0)} height={BAR - 2} className={`series-${s}`}>
                      <title>{`${row.label} · ${series[s]}: ${value === null ? '–' : format(value)}`}</title>
                    </rect>
                    <text className="chart-value" x={LABEL + width + 4} y={y + BAR - 3}>
                      {value === null ? '–' : format(value)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      {series.length > 1 && <Legend series={series} />}
    </figure>
  );
}
