#!/usr/bin/env node
// The bpfls command. The bundle is built by `npm run build` (also run by `npm ci`).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const bundle = new URL('../out/bpfls.cjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('bpfls: the server is not built yet; run `npm run build` in the repository first.\n');
  process.exit(2);
}
createRequire(import.meta.url)(bundle.pathname);
