#!/usr/bin/env node
// Runs a TypeScript entry point through tsx's loader, so no build step is needed after `npm install`.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

register();
const entry = process.argv[2];
if (!entry) {
  console.error('usage: run-ts <file.ts> [args...]');
  process.exit(1);
}
process.argv.splice(2, 1);
await import(pathToFileURL(resolve(entry)).href);
