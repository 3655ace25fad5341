// Preloaded into a server by bench/memory-profile.ts (NODE_OPTIONS=--import): on
// SIGUSR2 it writes one line to stderr with the process's own view of its memory,
// so the benchmark can split the RSS into V8 heap, external and array buffers.
import v8 from 'node:v8';

process.on('SIGUSR2', () => {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
  process.stderr.write(`MEMPROBE ${JSON.stringify({ ...m, spaces })}\n`);
});
