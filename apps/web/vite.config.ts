import { resolve } from 'node:path';
import { defineConfig, ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

const apiOrigin = process.env.API_ORIGIN ?? 'http://localhost:3000';
const webPort = Number(process.env.WEB_PORT ?? 5173);

/** The browser talks to one origin: the dev server and `vite preview` pass the API's paths and its sockets on. */
const apiProxy: Record<string, string | ProxyOptions> = {
  '/api/': apiOrigin,
  '/fhir/': apiOrigin,
  '/health': apiOrigin,
  '/socket.io/': { target: apiOrigin, ws: true },
};

/**
 * The browser app. Shared plain files of libs/fhir are imported one by one as `@app/fhir/<path>`
 * (board/board-metrics, transfers/task-category, ...); the lib's index is not, it pulls in server code.
 * The identity provider's issuer is fixed at build time (OIDC_ISSUER, as for the API).
 */
export default defineConfig({
  root: __dirname,
  plugins: [react()],
  resolve: {
    alias: [{ find: /^@app\/fhir\/(.+)$/, replacement: resolve(__dirname, '../../libs/fhir/src/$1') }],
  },
  define: {
    __BRO_OIDC_ISSUER__: JSON.stringify((process.env.OIDC_ISSUER ?? 'http://localhost:4000').replace(/\/$/, '')),
  },
  server: { port: webPort, strictPort: true, proxy: apiProxy },
  preview: { port: webPort, strictPort: true, proxy: apiProxy },
  build: { outDir: 'dist', emptyOutDir: true },
});
