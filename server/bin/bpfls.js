#!/usr/bin/env -S MALLOC_TRIM_THRESHOLD_=131072 node --max-semi-space-size=4 --heap-growing-percent=20 --v8-pool-size=1 --optimize-for-size --liftoff-only --incremental-marking-soft-trigger=30 --incremental-marking-hard-trigger=50
// The bpfls command. The bundle is built by `npm run build` (also run by `npm ci`).
// The first line bounds the language server's peak memory (bench/memory-profile.ts
// measures each setting; the figures are in the closing notes of issue 3):
// - MALLOC_TRIM_THRESHOLD_: glibc gives freed memory back to the system once 128 KB is
//   free at the top of a heap, and serves blocks of 128 KB or more with mmap. Without it
//   the threshold adapts upwards and V8's compiler zones stay resident after use (-3 MB).
// - a young generation of at most 4 MB instead of 16 MB, an old generation that grows
//   by 20% instead of doubling, and V8's memory-saving mode;
// - one V8 worker thread instead of four (each thread also keeps a malloc arena);
// - --liftoff-only: the tree-sitter wasm runs on V8's baseline compiler only. Optimizing
//   its large lexer function cost about 2 MB of compiler memory for little speed here.
// - the incremental-marking triggers start marking the old generation once it holds 30%
//   (in a task) or 50% (at once) of its allocation limit instead of near the limit; as
//   the limit is only 20% above what survived, marking in effect restarts right after
//   each collection. Edits promote short-lived objects, and a late start let the heap
//   overshoot by several MB: -3 to -4 MB at the peak, for about a quarter more CPU in
//   the server (2-4 ms more per edit on the 5,000-line file).
// They only take effect on the command line: v8.setFlagsFromString here would come
// after the heap is set up. The VS Code client passes the same flags and environment
// (client/src/server-flags.ts); a test keeps the two equal.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const bundle = new URL('../out/bpfls.cjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('bpfls: the server is not built yet; run `npm run build` in the repository first.\n');
  process.exit(2);
}
createRequire(import.meta.url)(bundle.pathname);
