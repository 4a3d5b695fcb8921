/**
 * The hub as `npm start` runs it (same database setup, tokens and app), bound to 127.0.0.1 on a
 * free port for the benchmark. Prints its port.
 */
import { openDatabase } from '../server/database/database.js';
import { createHub } from '../server/app.js';
import { prepareStartupTokens } from '../server/access/startup-tokens.js';
import { operationWorkers } from '../server/workers/operation-pool.js';

const orm = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
await prepareStartupTokens(orm, { adminToken: process.env.IOM_HUB_ADMIN_TOKEN, demo: false });
const hub = await createHub({ orm, operationWorkers: { databaseUrl: process.env.DATABASE_URL ?? '', count: operationWorkers() } });
// Measured warm, as a hub that has been up a while: its workers have started.
await hub.pool?.whenReady();
const port = await hub.listen(0, '127.0.0.1');
console.log(`hub listening ${port}`);
process.on('SIGTERM', () => void hub.stop().then(() => orm.close()).then(() => process.exit(0)));
