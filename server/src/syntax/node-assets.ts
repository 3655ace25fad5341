/**
 * Node file-system assets: finds the wasm files and queries next to the
 * bundle (`server/out/`), in the repository's `grammars/`, and in
 * `node_modules`, whichever exists first.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGE_WASM, RUNTIME_WASM, type SyntaxAssets } from './assets.ts';

export interface NodeAssetOptions {
  /** Explicit path of web-tree-sitter.wasm. */
  runtimeWasmPath?: string;
  /** Explicit path of tree-sitter-c.wasm. */
  languageWasmPath?: string;
  /** Directories searched first (each may hold the wasm files and a `queries/` folder). */
  searchDirs?: string[];
  /** The directory of the running module; defaults to this file's (or the bundle's) directory. */
  moduleDir?: string;
}

/** The file of the running module: this source file, or the bundle it was built into. */
export function currentModuleFile(): string | undefined {
  try {
    const url = import.meta.url;
    if (url) return fileURLToPath(url);
  } catch {
    // not an ES module (a CommonJS bundle): fall through
  }
  if (typeof __filename !== 'undefined') return __filename;
  return undefined;
}

function packageFile(fromFile: string | undefined, request: string): string | undefined {
  try {
    return createRequire(fromFile ?? join(process.cwd(), 'index.js')).resolve(request);
  } catch {
    return undefined;
  }
}

/** Candidate paths for a logical asset name, most specific first. */
export function assetCandidates(name: string, options: NodeAssetOptions = {}): string[] {
  const moduleFile = currentModuleFile();
  const moduleDir = options.moduleDir ?? (moduleFile ? dirname(moduleFile) : process.cwd());
  const out: string[] = [];
  if (name === RUNTIME_WASM && options.runtimeWasmPath) out.push(options.runtimeWasmPath);
  if (name === LANGUAGE_WASM && options.languageWasmPath) out.push(options.languageWasmPath);
  const dirs = [
    ...(options.searchDirs ?? []),
    moduleDir, // bundle: server/out/
    join(moduleDir, 'grammars'),
    join(moduleDir, '..', 'grammars'), // server/out -> server/grammars
    join(moduleDir, '..', '..', 'grammars'), // server/out -> <repo>/grammars
    join(moduleDir, '..', '..', '..', 'grammars'), // server/src/syntax -> <repo>/grammars
    join(process.cwd(), 'grammars'),
  ];
  for (const d of dirs) out.push(join(d, name));
  if (name === RUNTIME_WASM) {
    const p = packageFile(moduleFile, 'web-tree-sitter/web-tree-sitter.wasm');
    if (p) out.push(p);
  }
  if (name === LANGUAGE_WASM) {
    const p = packageFile(moduleFile, 'tree-sitter-c/tree-sitter-c.wasm');
    if (p) out.push(p);
  }
  return [...new Set(out.map((p) => resolve(p)))];
}

export function nodeAssets(options: NodeAssetOptions = {}): SyntaxAssets {
  return {
    async read(name) {
      for (const candidate of assetCandidates(name, options)) {
        try {
          return new Uint8Array(await readFile(candidate));
        } catch {
          // try the next place
        }
      }
      return undefined;
    },
    describe(name) {
      return `"${name}" (looked in: ${assetCandidates(name, options).join(', ')})`;
    },
  };
}
