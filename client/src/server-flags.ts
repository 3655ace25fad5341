/**
 * Node flags for the server process, the same as on the shebang line of
 * server/bin/bpfls.js (a test keeps the two equal): a 2 MB young generation, an old
 * generation that grows by 20% at a time and one V8 worker thread keep the server's
 * peak memory low (bench/memory-profile.ts measures it).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=20', '--v8-pool-size=1', '--optimize-for-size'];
