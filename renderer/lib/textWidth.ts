/** Chart text size in CSS pixels: legible (at least 11 px) at any window width. */
export const CHART_FONT_PX = 12;

let context: CanvasRenderingContext2D | null = null;

/** Width of a chart label in CSS pixels, in the page's own font, so margins fit the longest label in any language. */
export function textWidth(text: string): number {
  if (!context) {
    context = document.createElement('canvas').getContext('2d');
    if (!context) return text.length * CHART_FONT_PX;
    context.font = `${CHART_FONT_PX}px ${getComputedStyle(document.body).fontFamily}`;
  }
  return context.measureText(text).width;
}

/** The text cut to fit a width, with an ellipsis when it had to be cut. */
export function fitText(text: string, maxWidth: number): string {
  if (textWidth(text) <= maxWidth) return text;
  let end = text.length;
  while (end > 1 && textWidth(`${text.slice(0, end)}…`) > maxWidth) end -= 1;
  return `${text.slice(0, end)}…`;
}
