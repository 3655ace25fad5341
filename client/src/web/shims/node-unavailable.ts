/**
 * Every other `node:*` module in the web-worker build. Only reached through code the
 * worker never runs (node-assets.ts, start-node.ts): any use throws.
 */
function unavailable(): never {
  throw new Error('bpfls: this Node API is not available in the web worker build');
}

export const readFile = unavailable;
export const readFileSync = unavailable;
export const createRequire = unavailable;
export const dirname = unavailable;
export const join = unavailable;
export const resolve = unavailable;
export default { readFile, readFileSync, createRequire, dirname, join, resolve };
