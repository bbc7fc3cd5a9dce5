import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the control plane (same origin as /api); `vite dev` proxies to it.
export const config = defineConfig({
  plugins: [react(), tailwindcss()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  server: {
    proxy: { '/api': process.env['CONSOLE_API_URL'] ?? 'http://127.0.0.1:8090' },
  },
});
// Vite loads a config module's default export.
// eslint-disable-next-line no-restricted-syntax
export default config;
