import { niceCeiling, seriesSlot, ticksOf } from '../../lib/chartScale';

export interface Column {
  label: string;
  parts: { series: string; value: number }[];
}

interface StackedColumnsProps {
  title: string;
  columns: Column[];
  /** Series in legend order; colours follow this order. */
  series: string[];
  format(value: number): string;
  emptyText: string;
}

const WIDTH = 640;
const HEIGHT = 200;
const LEFT = 64;
const BOTTOM = 24;
const TOP = 8;

/** One column per bucket (a day), stacked by series (model, provider or client). Hand-drawn SVG. */
export function StackedColumns({ title, columns, series, format, emptyText }: StackedColumnsProps) {
  if (columns.length === 0) return <p className="muted chart-empty">{emptyText}</p>;
  const totals = columns.map((c) => c.parts.reduce((sum, p) => sum + p.value, 0));
  const max = niceCeiling(Math.max(0, ...totals));
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const slot = (WIDTH - LEFT) / columns.length;
  const barWidth = Math.min(36, slot * 0.7);
  const y = (v: number) => TOP + plotHeight - (v / max) * plotHeight;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        {ticksOf(max).map((tick) => (
          <g key={tick} className="chart-grid">
            <line x1={LEFT} x2={WIDTH} y1={y(tick)} y2={y(tick)} />
            <text x={LEFT - 6} y={y(tick) + 4} textAnchor="end">
              {format(tick)}
            </text>
          </g>
        ))}
        {columns.map((column, i) => {
          let base = 0;
          const x = LEFT + i * slot + (slot - barWidth) / 2;
          return (
            <g key={column.label}>
              {column.parts.map((part) => {
                const top = y(base + part.value);
                const height = y(base) - top;
                base += part.value;
                return (
                  <rect key={part.series} x={x} y={top} width={barWidth} height={Math.max(height, 0)} className={`series-${seriesSlot(part.series, series)}`}>
                    <title>{`${column.label} · ${part.series}: ${format(part.value)}`}</title>
                  </rect>
                );
              })}
              <text className="chart-label" x={x + barWidth / 2} y={HEIGHT - 6} textAnchor="middle">
                {column.label}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
    </figure>
  );
}

export function Legend({ series }: { series: string[] }) {
  return (
    <figcaption className="legend">
      {series.map((name) => (
        <span key={name}>
          <i className={`swatch series-${seriesSlot(name, series)}`} />
          {name}
        </span>
      ))}
    </figcaption>
  );
}
