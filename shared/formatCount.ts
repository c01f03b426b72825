/** A whole count as the command line and the English sentences print it: 18,400 (grouped the same on every machine). */
export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** A count of things as words, the noun made plural with an s: "1 model price", "1,500 model prices". */
export const formatCountOf = (n: number, noun: string): string => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

/** A count of calls as words: "1 call", "1,200 calls". */
export const formatCalls = (n: number): string => formatCountOf(n, 'call');

/**
 * Figures with their whole part grouped in thousands as formatCount groups a count: 114762.48 reads
 * 114,762.48, as a raw quota of 57,381,241 does. The decimals are left exactly as given.
 */
export const groupThousands = (figures: string): string => figures.replace(/^(-?)(\d+)/, (_, sign: string, whole: string) => sign + formatCount(Number(whole)));
