import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';

/**
 * Paths that are the API's and never the web app's, whatever file or route the web app has: the SPA
 * fallback must not answer a mistyped API URL with a page.
 */
export const API_PATH_PREFIXES = ['/fhir', '/api', '/health', '/metrics', '/socket.io'] as const;

export function isApiPath(path: string): boolean {
  return API_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * The web app's content policy. The API answers everything else with `default-src 'none'`; the app needs
 * its own scripts, styles and images, its own origin for /api and the sockets, and the identity provider
 * (discovery and the token endpoint are called from the browser). Nothing inline, nothing from elsewhere.
 */
export function webAppContentSecurityPolicy(oidcIssuer: string): string {
  const issuer = new URL(oidcIssuer).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${issuer}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `dist/web` beside the built API (`dist/api/main.js`), when the build made one. */
export function builtWebAppBeside(apiDir: string): string | undefined {
  const dir = resolve(apiDir, '../web');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/**
 * Serves the built web app from `dir` on the API's own origin: its files (hashed assets cached for a
 * year), and index.html for any other page a browser asks for (/inbox, /board?scope=…, /callback), so
 * bookmarks and reloads work. API paths are left to the API, so a wrong API URL still answers 404 JSON.
 * Must be registered before the application's routes (before `listen`).
 */
export function serveWebApp(app: NestExpressApplication, dir: string, oidcIssuer: string): void {
  const policy = webAppContentSecurityPolicy(oidcIssuer);
  const files = express.static(dir, {
    index: false,
    fallthrough: true,
    setHeaders: (response, path) => {
      // Replaces the API's `default-src 'none'` (set by helmet before this) for the app's own files.
      response.setHeader('Content-Security-Policy', policy);
      response.setHeader('Cache-Control', path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const page = join(dir, 'index.html');
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isApiPath(request.path)) return next();
    files(request, response, () => {
      if (!request.accepts('html') || request.path.startsWith('/assets/')) return next();
      response.setHeader('Content-Security-Policy', policy);
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(page, (error?: Error) => (error ? next(error) : undefined));
    });
  });
}
