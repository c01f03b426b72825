import type { ReactNode } from 'react';
import { useElementWidth } from '../hooks/useElementWidth';

/**
 * A table's scrolling box that, narrower than the table's columns need (`cardsBelow` pixels), shows
 * each row as a card instead: every cell under its column's name (the cell's data-label), so nothing
 * scrolls sideways and no figure is hidden.
 */
export function TableWrap({ cardsBelow, className, children }: { cardsBelow: number; className?: string; children: ReactNode }) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const cards = width > 0 && width < cardsBelow;
  return (
    <div ref={ref} className={['table-wrap', className, cards && 'cards'].filter(Boolean).join(' ')}>
      {children}
    </div>
  );
}
