import { useLayoutEffect, useState } from 'react';

/**
 * The content width of an element in CSS pixels, kept current as it resizes; pass the returned
 * callback as the element's ref. Charts draw at this size instead of scaling a fixed drawing, so
 * their text stays at its real font size.
 */
export function useElementWidth<T extends HTMLElement>() {
  const [element, setElement] = useState<T | null>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width] as const;
}
