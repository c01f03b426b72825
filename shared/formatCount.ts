/** A whole count as the command line and the English sentences print it: 18,400 (grouped the same on every machine). */
export const formatCount = (n: number): string => n.toLocaleString('en-US');
