/**
 * Node flags and environment for the server process, the same as on the shebang line
 * of server/bin/bpfls.js (a test keeps the two equal, and that file says why each): a
 * small young generation, a slowly growing old generation marked early, one V8 worker
 * thread, V8's memory-saving mode, baseline-only wasm code, and a malloc that gives
 * freed memory back keep the server's peak memory low (bench/memory-profile.ts
 * measures it).
 */
export const SERVER_NODE_FLAGS = [
  '--max-semi-space-size=4',
  '--heap-growing-percent=20',
  '--v8-pool-size=1',
  '--optimize-for-size',
  '--liftoff-only',
  '--incremental-marking-soft-trigger=30',
  '--incremental-marking-hard-trigger=50',
];

/** Environment variables the server process is started with (added to the client's own). */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_TRIM_THRESHOLD_: '131072' };
