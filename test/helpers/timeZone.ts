/** Runs `body` with this process in another time zone: Node reads TZ again whenever it changes. */
export function inTimeZone<T>(zone: string, body: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

/** "YYYY-MM-DD HH:MM:SS" on the wall clock of `zone` at `ts`, read by ICU: a check on Switchboard's own arithmetic. */
export const wallClockIn = (zone: string, ts: number): string => new Date(ts).toLocaleString('sv-SE', { timeZone: zone });
