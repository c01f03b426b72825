/** A whole count as the command line and the English sentences print it: 18,400 (grouped the same on every machine). */
export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** A count of calls as words: "1 call", "1,200 calls". */
export const formatCalls = (n: number): string => `${formatCount(n)} call${n === 1 ? '' : 's'}`;
