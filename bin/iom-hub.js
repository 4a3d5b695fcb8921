#!/usr/bin/env node
// `npx iom-hub <command>`: runs the TypeScript command line through tsx, so nothing needs compiling first.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/cli.ts');
