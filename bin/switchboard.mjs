#!/usr/bin/env node
// The `switchboard` command: runs the TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli.ts');
await main();
