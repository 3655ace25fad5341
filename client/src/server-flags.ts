/**
 * Node flags for the server process, the same as on the shebang line of
 * server/bin/bpfls.js (a test keeps the two equal, and that file says why each): a
 * 4 MB young generation, an old generation that grows by 20% at a time, one V8
 * worker thread and V8's memory-saving mode keep the server's peak memory low
 * (bench/memory-profile.ts measures it).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=20', '--v8-pool-size=1', '--optimize-for-size'];
