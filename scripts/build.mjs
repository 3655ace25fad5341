// Builds the server bundle (server/out/bpfls.cjs) with esbuild and copies the wasm
// files it loads next to it. The VS Code client bundle is added by its own step.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'server', 'out');
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(root, 'server/src/cli/entry.ts')],
  outfile: join(out, 'bpfls.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  // Whitespace and syntax only (names stay readable in stack traces): V8 keeps the
  // whole bundle's source in memory, so a smaller one saves heap for the process's life.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  define: { 'import.meta.dirname': '__dirname', 'import.meta.url': 'importMetaUrl' },
  banner: { js: 'const importMetaUrl = require("url").pathToFileURL(__filename).href;' },
});

// V8 keeps the bundle's source for the life of the process, as one byte per character
// only if every character is ASCII: a single raw non-ASCII character (esbuild leaves
// them in regular expressions) doubles that memory. Write such characters as \u escapes.
const bundleBytes = readFileSync(join(out, 'bpfls.cjs'));
const nonAscii = bundleBytes.findIndex((b) => b > 0x7f);
if (nonAscii >= 0) {
  const line = bundleBytes.subarray(0, nonAscii).toString('latin1').split('\n').length;
  throw new Error(`server/out/bpfls.cjs line ${line} has a non-ASCII character; write it as a \\u escape in the source`);
}

const wasm = [
  [join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), 'web-tree-sitter.wasm'],
  [join(root, 'grammars/tree-sitter-c.wasm'), 'tree-sitter-c.wasm'],
];
for (const [from, name] of wasm) if (existsSync(from)) copyFileSync(from, join(out, name));

// The helper database, read at run time (server/src/helpers/database-files.ts).
mkdirSync(join(out, 'helper-db'), { recursive: true });
for (const f of ['helpers.json', 'constants.json']) copyFileSync(join(root, 'helper-db', f), join(out, 'helper-db', f));

// The tree-sitter queries the syntax layer loads by name.
const queries = join(root, 'grammars', 'queries');
mkdirSync(join(out, 'queries'), { recursive: true });
for (const f of readdirSync(queries)) if (f.endsWith('.scm')) copyFileSync(join(queries, f), join(out, 'queries', f));
