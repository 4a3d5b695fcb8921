/**
 * The floor over HTTP: a minimal node:http server answering each benchmark query by name with
 * hand-written SQL through better-sqlite3 and JSON.stringify. POST /<query name> with the
 * variables as the body. Prints its port.
 */
import Database from 'better-sqlite3';
import { createServer } from 'node:http';
import { benchQueries } from './queries.js';

const [file, variablesJson] = process.argv.slice(2);
const db = new Database(file, { readonly: true });
db.pragma('busy_timeout = 15000');
const floors = new Map(benchQueries(JSON.parse(variablesJson)).map((q) => [q.name, q.floor]));

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const floor = floors.get((req.url ?? '/').slice(1));
    if (!floor) { res.writeHead(404).end(); return; }
    try {
      const body = JSON.stringify({ data: floor(db, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(error) }] }));
    }
  });
});
server.listen(0, '127.0.0.1', () => console.log(`floor listening ${(server.address() as { port: number }).port}`));
