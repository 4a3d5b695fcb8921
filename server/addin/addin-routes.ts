import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Router } from 'express';
import { generateManifest } from '../../addin/manifest.js';

const ADDIN_ASSETS = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/addin');
const OFFICE_JS = resolve(dirname(createRequire(import.meta.url).resolve('@microsoft/office-js/package.json')), 'dist');

export interface ManifestAddress {
  /** The hub's configured address (IOM_HUB_PUBLIC_URL): the manifest always points there when it is set. */
  publicUrl: string | null;
  /** Production: without a configured address there is no manifest (a request's Host is the caller's to choose). */
  production: boolean;
}

/**
 * The address the manifest points the add-in at: the configured one; else, outside production, the
 * one the request came to (protocol and host; X-Forwarded-Proto and -Host count only from a trusted
 * proxy, which express's `trust proxy` setting decides).
 */
function baseUrlOf(req: Request, { publicUrl, production }: ManifestAddress): string | null {
  if (publicUrl) return publicUrl;
  return production ? null : `${req.protocol}://${req.host}`;
}

/**
 * Serves the built Excel add-in at /addin/ (with office.js from npm at /addin/office-js/, so the
 * pane loads nothing from another host) and /manifest.xml generated for this hub's address.
 */
export function addinRoutes(address: ManifestAddress = { publicUrl: null, production: false }, distDir = ADDIN_ASSETS): Router {
  const router = express.Router();
  router.get('/manifest.xml', (req, res) => {
    const base = baseUrlOf(req, address);
    if (!base) return res.status(503).type('text').send('Set IOM_HUB_PUBLIC_URL to the address users reach the hub at (https://…) to serve the add-in\'s manifest.');
    try {
      res.type('application/xml').attachment('iom-hub-manifest.xml').send(generateManifest(base, { allowHttp: true }));
    } catch (error) {
      res.status(400).type('text').send(`${(error as Error).message}\nServe the hub over https (set IOM_HUB_PUBLIC_URL, or put a TLS proxy named in IOM_HUB_TRUSTED_PROXIES in front that sets X-Forwarded-Proto) to install the add-in.`);
    }
  });
  router.use('/addin/office-js', express.static(OFFICE_JS, { fallthrough: false, maxAge: '1d' }));
  router.use('/addin', (req, res, next) => {
    if (!existsSync(resolve(distDir, 'taskpane.html'))) return res.status(503).type('text').send('The Excel add-in has not been built: run npm run build.');
    next();
  }, express.static(distDir, { fallthrough: false, maxAge: '5m' }));
  return router;
}
