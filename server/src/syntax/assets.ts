/**
 * How the syntax layer gets its files. Everything it needs is named by a
 * logical name: `web-tree-sitter.wasm` (the runtime), `tree-sitter-c.wasm`
 * (the C grammar) and `queries/<name>.scm`. A Node build reads them from disk
 * (node-assets.ts); a browser build supplies the bytes itself.
 */

export const RUNTIME_WASM = 'web-tree-sitter.wasm';
export const LANGUAGE_WASM = 'tree-sitter-c.wasm';

export interface SyntaxAssets {
  /** The bytes of the named asset, or undefined when it cannot be found. */
  read(name: string): Promise<Uint8Array | undefined>;
  /** Where the asset was looked for, for error messages. */
  describe?(name: string): string;
}

/** Assets held in memory (browser builds, tests). */
export function memoryAssets(files: Record<string, Uint8Array | string>): SyntaxAssets {
  const enc = new TextEncoder();
  return {
    read(name) {
      const v = files[name];
      return Promise.resolve(typeof v === 'string' ? enc.encode(v) : v);
    },
    describe: (name) => `in-memory asset "${name}"`,
  };
}
