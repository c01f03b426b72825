import { useElementWidth } from '../../hooks/useElementWidth';
import { niceCeiling } from '../../lib/chartScale';
import { CHART_FONT_PX, fitText, textWidth } from '../../lib/textWidth';
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

/** Each bar is one line of text high, so its value label fits beside it. */
const BAR = CHART_FONT_PX + 4;
const GAP = 10;
/** The row labels never take more than this share of the width. */
const MAX_LABEL_SHARE = 0.35;

/**
 * A group of bars per row (per model, per provider), one bar per series. Hand-drawn SVG at the
 * card's real width: labels and values get the room their text needs, long labels are cut.
 */
export function HorizontalBars({ title, rows, series, format, emptyText }: HorizontalBarsProps) {
  const [ref, width] = useElementWidth<HTMLElement>();
  if (rows.length === 0) return <p className="muted chart-empty">{emptyText}</p>;
  const max = niceCeiling(Math.max(0, ...rows.flatMap((r) => r.values.map((v) => v ?? 0))));
  const valueText = (value: number | null) => (value === null ? '–' : format(value));
  const labelWidth = Math.min(Math.max(...rows.map((r) => textWidth(r.label))), width * MAX_LABEL_SHARE);
  const label = Math.ceil(labelWidth) + GAP;
  const valueRoom = Math.ceil(Math.max(...rows.flatMap((r) => r.values.map((v) => textWidth(valueText(v)))))) + GAP;
  const plot = Math.max(1, width - label - valueRoom);
  const rowHeight = series.length * BAR + GAP;
  const height = rows.length * rowHeight + GAP;
  return (
    <figure className="chart" ref={ref}>
      {width > 0 && (
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} fontSize={CHART_FONT_PX} role="img" aria-label={title}>
          {rows.map((row, r) => {
            const top = GAP + r * rowHeight;
            return (
              <g key={row.label}>
                <text className="chart-label" x={label - GAP} y={top + (series.length * BAR) / 2 + CHART_FONT_PX / 3} textAnchor="end">
                  {fitText(row.label, labelWidth)}
                </text>
                {row.values.map((value, s) => {
                  const barWidth = value === null ? 0 : (value / max) * plot;
                  const y = top + s * BAR;
                  return (
                    <g key={series[s]}>
                      <rect x={label} y={y + 1} width={Math.max(barWidth, value ? 1 : 0)} height={BAR - 2} className={`series-${s}`}>
                        <title>{`${row.label} · ${series[s]}: ${valueText(value)}`}</title>
                      </rect>
                      <text className="chart-value" x={label + barWidth + 4} y={y + BAR / 2 + CHART_FONT_PX / 3}>
                        {valueText(value)}
                      </text>
                    </g>
                  );
                })}
              </g>
            );
          })}
        </svg>
      )}
      {series.length > 1 && <Legend series={series} />}
    </figure>
  );
}
