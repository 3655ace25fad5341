/**
 * Loads web-tree-sitter and the C grammar once per process and hands out the
 * shared parser, language and compiled queries.
 */
import { Language, Parser, Query, type Tree } from 'web-tree-sitter';
import { LANGUAGE_WASM, RUNTIME_WASM, type SyntaxAssets } from './assets.ts';
import type { NodeAssetOptions } from './node-assets.ts';

/** Query files in `grammars/queries/`, by name. */
export const QUERY_NAMES = ['functions', 'declarations', 'calls', 'field-accesses', 'structs', 'includes', 'macros'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export interface SyntaxLoadOptions extends NodeAssetOptions {
  /** Where the files come from; defaults to the Node file system search of node-assets.ts. */
  assets?: SyntaxAssets;
}

export interface SyntaxRuntime {
  readonly language: Language;
  /** Shared parser for the C grammar (parsing is synchronous, so sharing is safe). */
  readonly parser: Parser;
  /** The compiled query `grammars/queries/<name>.scm`. */
  query(name: QueryName): Query;
  /** Parses text (already rewritten) into a new tree, reusing `old` if given. */
  parse(text: string, old?: Tree): Tree;
}

class LoadedRuntime implements SyntaxRuntime {
  constructor(
    readonly language: Language,
    readonly parser: Parser,
    private readonly queries: ReadonlyMap<QueryName, Query>,
  ) {}

  query(name: QueryName): Query {
    const q = this.queries.get(name);
    if (!q) throw new Error(`unknown query "${name}"`);
    return q;
  }

  parse(text: string, old?: Tree): Tree {
    const tree = this.parser.parse(text, old ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
}

let loading: Promise<SyntaxRuntime> | undefined;
let loaded: SyntaxRuntime | undefined;

async function defaultAssets(options: NodeAssetOptions): Promise<SyntaxAssets> {
  const { nodeAssets } = await import('./node-assets.ts');
  return nodeAssets(options);
}

async function need(assets: SyntaxAssets, name: string): Promise<Uint8Array> {
  const bytes = await assets.read(name);
  if (!bytes) throw new Error(`bpfls: cannot find ${assets.describe?.(name) ?? name}`);
  return bytes;
}

async function load(options: SyntaxLoadOptions): Promise<SyntaxRuntime> {
  const assets = options.assets ?? (await defaultAssets(options));
  const runtimeWasm = await need(assets, RUNTIME_WASM);
  await Parser.init({ wasmBinary: runtimeWasm });
  const language = await Language.load(await need(assets, LANGUAGE_WASM));
  const parser = new Parser();
  parser.setLanguage(language);
  const decoder = new TextDecoder();
  const queries = new Map<QueryName, Query>();
  for (const name of QUERY_NAMES) {
    const source = decoder.decode(await need(assets, `queries/${name}.scm`));
    try {
      queries.set(name, new Query(language, source));
    } catch (e) {
      throw new Error(`bpfls: query ${name}.scm does not compile: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return new LoadedRuntime(language, parser, queries);
}

/**
 * Initialises tree-sitter and loads the C grammar and queries. The first call
 * does the work (its options win); later calls return the same runtime.
 * Rejects if a file cannot be found; a later call then tries again.
 */
export function loadSyntaxRuntime(options: SyntaxLoadOptions = {}): Promise<SyntaxRuntime> {
  loading ??= load(options).then(
    (rt) => (loaded = rt),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/** The runtime if `loadSyntaxRuntime()` has finished, else undefined. */
export function syntaxRuntimeIfLoaded(): SyntaxRuntime | undefined {
  return loaded;
}
