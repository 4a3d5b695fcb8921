import { writeFileSync } from 'node:fs';
import { printHubSchema } from '../server/schema.js';

const file = new URL('../schema/schema.graphql', import.meta.url);
writeFileSync(file, printHubSchema());
console.log('Wrote schema/schema.graphql');
