#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=20 --v8-pool-size=1 --optimize-for-size
// The bpfls command. The bundle is built by `npm run build` (also run by `npm ci`).
// The node flags on the first line bound the language server's peak memory (measured
// by bench/memory-profile.ts): a 4 MB young generation instead of 16 MB (2 MB saves a
// little more memory but costs edits about 5 ms in garbage collection), an old
// generation that grows by 20% instead of doubling, one V8 worker thread instead of
// four (each thread also keeps its own malloc arena), and V8's memory-saving mode.
// They only take effect on the command line: v8.setFlagsFromString here would come
// after the heap is set up.
// The VS Code client passes the same flags (client/src/extension.ts, SERVER_NODE_FLAGS).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const bundle = new URL('../out/bpfls.cjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('bpfls: the server is not built yet; run `npm run build` in the repository first.\n');
  process.exit(2);
}
createRequire(import.meta.url)(bundle.pathname);
