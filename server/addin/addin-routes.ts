import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Router } from 'express';
import { generateManifest } from '../../addin/manifest.js';

const ADDIN_ASSETS = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/addin');
const OFFICE_JS = resolve(dirname(createRequire(import.meta.url).resolve('@microsoft/office-js/package.json')), 'dist');

/** The hub's own address as the client sees it (a TLS proxy in front says so in X-Forwarded-Proto). */
function baseUrlOf(req: Request): string {
  const proto = String(req.get('x-forwarded-proto') ?? req.protocol).split(',')[0].trim();
  return `${proto}://${req.get('x-forwarded-host') ?? req.get('host')}`;
}

/**
 * Serves the built Excel add-in at /addin/ (with office.js from npm at /addin/office-js/, so the
 * pane loads nothing from another host) and /manifest.xml generated for this hub's address.
 */
export function addinRoutes(distDir = ADDIN_ASSETS): Router {
  const router = express.Router();
  router.get('/manifest.xml', (req, res) => {
    try {
      res.type('application/xml').attachment('iom-hub-manifest.xml').send(generateManifest(baseUrlOf(req), { allowHttp: true }));
    } catch (error) {
      res.status(400).type('text').send(`${(error as Error).message}\nServe the hub over https (or put a TLS proxy in front that sets X-Forwarded-Proto) to install the add-in.`);
    }
  });
  router.use('/addin/office-js', express.static(OFFICE_JS, { fallthrough: false, maxAge: '1d' }));
  router.use('/addin', (req, res, next) => {
    if (!existsSync(resolve(distDir, 'taskpane.html'))) return res.status(503).type('text').send('The Excel add-in has not been built: run npm run build.');
    next();
  }, express.static(distDir, { fallthrough: false, maxAge: '5m' }));
  return router;
}
