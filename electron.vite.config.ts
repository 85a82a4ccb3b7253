import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      // The session runs on a worker thread: its entry is built beside the main bundle.
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/main/electron.ts'), 'session-worker': resolve(__dirname, 'src/main/session-worker.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot be an ES module, so it is emitted as CommonJS.
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rolldownOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
