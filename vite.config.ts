import path from 'node:path';
import { defineConfig } from 'vite';

// The renderer is loaded from file:// in Electron and from / in headless mode: relative asset paths serve both.
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'renderer'),
  base: './',
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
  },
});
