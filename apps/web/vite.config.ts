import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The browser app. In development it proxies the API so the browser talks to one origin. */
export default defineConfig({
  root: __dirname,
  plugins: [react()],
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/fhir': process.env.API_ORIGIN ?? 'http://localhost:3000',
      '/health': process.env.API_ORIGIN ?? 'http://localhost:3000',
    },
  },
  preview: { port: Number(process.env.WEB_PORT ?? 5173), strictPort: true },
  build: { outDir: 'dist', emptyOutDir: true },
});
