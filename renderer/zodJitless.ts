import { z } from 'zod';

// zod 4 probes `new Function` when it builds its first object schema, to compile fast parsers;
// the dashboard's CSP forbids eval, so Chromium logs a violation on every page. Imported first
// by main.tsx, before any shared schema module runs.
z.config({ jitless: true });
