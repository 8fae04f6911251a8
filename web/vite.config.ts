import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/** Vite config for the Relais web app; `npm run build:web` writes web/dist, served by the server. */
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // The server's CSP forbids inline scripts; Vite emits only external module scripts, and
    // this keeps small assets out of data: URLs too.
    assetsInlineLimit: 0,
    // React + Mantine + TanStack Query + router make a ~630 kB (~195 kB gzipped) first chunk;
    // pages are split off with React.lazy. Warn only if the core grows well beyond that.
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
