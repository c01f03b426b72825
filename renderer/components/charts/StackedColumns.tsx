import { useElementWidth } from '../../hooks/useElementWidth';
import { niceCeiling, seriesSlot, ticksOf } from '../../lib/chartScale';
import { CHART_FONT_PX, textWidth } from '../../lib/textWidth';

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

const HEIGHT = 220;
const TOP = 8;
const BOTTOM = CHART_FONT_PX + 12;
const GAP = 8;

/**
 * One column per bucket (a day), stacked by series (model, provider or client). Hand-drawn SVG at
 * the card's real width: the axis makes room for its longest label, and day labels are thinned
 * out when they would overlap.
 */
export function StackedColumns({ title, columns, series, format, emptyText }: StackedColumnsProps) {
  const [ref, width] = useElementWidth<HTMLElement>();
  if (columns.length === 0) return <p className="muted chart-empty">{emptyText}</p>;
  const totals = columns.map((c) => c.parts.reduce((sum, p) => sum + p.value, 0));
  const max = niceCeiling(Math.max(0, ...totals));
  const ticks = ticksOf(max).map((value) => ({ value, label: format(value) }));
  const left = Math.ceil(Math.max(...ticks.map((tick) => textWidth(tick.label)))) + GAP;
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const slot = Math.max(1, (width - left) / columns.length);
  const barWidth = Math.min(36, slot * 0.7);
  const y = (v: number) => TOP + plotHeight - (v / max) * plotHeight;
  const labelWidth = Math.max(...columns.map((c) => textWidth(c.label))) + GAP;
  // Every n-th label, counted from the newest, so labels never overlap.
  const every = Math.ceil(labelWidth / slot);
  const labelX = (center: number, label: string) => {
    const half = textWidth(label) / 2;
    return Math.min(Math.max(center, half), width - half);
  };
  return (
    <figure className="chart" ref={ref}>
      {width > 0 && (
        <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} fontSize={CHART_FONT_PX} role="img" aria-label={title}>
          {ticks.map((tick) => (
            <g key={tick.value} className="chart-grid">
              <line x1={left} x2={width} y1={y(tick.value)} y2={y(tick.value)} />
              <text x={left - GAP / 2} y={y(tick.value) + CHART_FONT_PX / 3} textAnchor="end">
                {tick.label}
              </text>
            </g>
          ))}
          {columns.map((column, i) => {
            let base = 0;
            const x = left + i * slot + (slot - barWidth) / 2;
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
                {(columns.length - 1 - i) % every === 0 && (
                  <text className="chart-label" x={labelX(x + barWidth / 2, column.label)} y={HEIGHT - 6} textAnchor="middle">
                    {column.label}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      )}
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
