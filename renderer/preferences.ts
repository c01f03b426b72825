/** UI-only preferences (theme, language) live in the renderer's localStorage: they need no core. */
const PREFIX = 'switchboard.';

export function readPreference(name: string): string | null {
  try {
    return window.localStorage.getItem(PREFIX + name);
  } catch {
    return null;
  }
}

export function writePreference(name: string, value: string): void {
  try {
    window.localStorage.setItem(PREFIX + name, value);
  } catch {
    // Storage can be disabled (private windows); the choice then lasts for this session only.
  }
}
