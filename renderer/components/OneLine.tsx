/**
 * A provider or model name on one line: a break at its hyphens ("claude-sonnet-4-" over "6") reads as
 * two names. Where its column is too narrow it ends in an ellipsis, and shows whole on hover.
 */
export function OneLine({ text, note }: { text: string; note?: string }) {
  return (
    <div className="one-line" title={note ? `${text} ${note}` : text}>
      <span>
        {text}
        {note && <span className="muted"> {note}</span>}
      </span>
    </div>
  );
}
