// Builds the VS Code extension in client/ and packages it as a .vsix:
//   1. builds the server bundle (scripts/build.mjs),
//   2. bundles client/src/extension.ts (with vscode-languageclient) into client/out/extension.js,
//   3. copies the server bundle and everything it loads at run time (the two wasm
//      files and the tree-sitter queries) into client/out/server/,
//   4. copies the injection grammar into client/out/syntaxes/,
//   5. runs `vsce package --no-dependencies` (files chosen by client/.vscodeignore).
//
//   node scripts/package-extension.mjs                  everything; writes client/bpfls-vscode-<version>.vsix
//   node scripts/package-extension.mjs --no-vsix        steps 1-4 only (for "Run Extension")
//   node scripts/package-extension.mjs --out FILE.vsix  write the package elsewhere
//   node scripts/package-extension.mjs --skip-server-build
//   node scripts/package-extension.mjs --web-only --web-out DIR
//        only the web-worker sketch of the server (client/src/web/server-worker.ts) with its
//        wasm files and queries, into DIR (not part of the .vsix; see client/README.md)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const client = join(root, 'client');
const out = join(client, 'out');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function run(cmd, cmdArgs, cwd = root) {
  const r = spawnSync(cmd, cmdArgs, { cwd, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`package-extension: ${[cmd, ...cmdArgs].join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

/** The server as a web worker: vscode-languageserver/browser, node:* shimmed. */
async function buildWebWorker(dir) {
  mkdirSync(join(dir, 'queries'), { recursive: true });
  const shims = join(client, 'src', 'web', 'shims');
  await build({
    entryPoints: [join(client, 'src', 'web', 'server-worker.ts')],
    outfile: join(dir, 'bpfls-worker.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    logLevel: 'error',
    define: { 'import.meta.url': 'self.location.href', 'import.meta.dirname': 'undefined' },
    plugins: [
      {
        name: 'bpfls-web',
        setup(b) {
          b.onResolve({ filter: /^vscode-languageserver\/node$/ }, () => ({
            path: createRequire(import.meta.url).resolve('vscode-languageserver/browser'),
          }));
          // A worker has no file system: the helper database is bundled instead of read.
          b.onResolve({ filter: /database-files\.ts$/ }, (a) => ({ path: join(a.resolveDir, 'database-files.web.ts') }));
          b.onResolve({ filter: /^node:/ }, (a) => ({
            path: join(shims, a.path === 'node:url' ? 'node-url.ts' : 'node-unavailable.ts'),
          }));
        },
      },
    ],
  });
  copyFileSync(join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'), join(dir, 'web-tree-sitter.wasm'));
  copyFileSync(join(root, 'grammars', 'tree-sitter-c.wasm'), join(dir, 'tree-sitter-c.wasm'));
  const q = join(root, 'grammars', 'queries');
  for (const f of readdirSync(q)) if (f.endsWith('.scm')) copyFileSync(join(q, f), join(dir, 'queries', f));
  const size = statSync(join(dir, 'bpfls-worker.js')).size;
  console.log(`package-extension: web worker ${join(dir, 'bpfls-worker.js')} (${(size / 1024 / 1024).toFixed(2)} MiB)`);
}

if (flag('--web-only')) {
  await buildWebWorker(resolve(option('--web-out') ?? join(out, 'web')));
  process.exit(0);
}

// 1. The server bundle.
if (!flag('--skip-server-build')) run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
const serverOut = join(root, 'server', 'out');
const serverFiles = ['bpfls.cjs', 'web-tree-sitter.wasm', 'tree-sitter-c.wasm'];
for (const f of serverFiles) {
  if (!existsSync(join(serverOut, f))) {
    console.error(`package-extension: server/out/${f} is missing; the server build did not produce it`);
    process.exit(1);
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'server', 'queries'), { recursive: true });
mkdirSync(join(out, 'syntaxes'), { recursive: true });

// 2. The extension bundle.
await build({
  entryPoints: [join(client, 'src', 'extension.ts')],
  outfile: join(out, 'extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  sourcemap: flag('--no-vsix') ? 'linked' : false,
  minify: !flag('--no-vsix'),
  logLevel: 'warning',
});

// 3. The server and its run-time assets (see server/src/syntax/node-assets.ts: it looks
//    next to the bundle first, then in `queries/` beside it).
for (const f of serverFiles) copyFileSync(join(serverOut, f), join(out, 'server', f));
// Source map of the server for "Attach to Server" (left out of the .vsix by .vscodeignore).
if (flag('--no-vsix') && existsSync(join(serverOut, 'bpfls.cjs.map'))) {
  copyFileSync(join(serverOut, 'bpfls.cjs.map'), join(out, 'server', 'bpfls.cjs.map'));
}
const queries = join(root, 'grammars', 'queries');
for (const f of readdirSync(queries)) if (f.endsWith('.scm')) copyFileSync(join(queries, f), join(out, 'server', 'queries', f));
// The helper database the server reads at start (server/src/helpers/database-files.ts).
mkdirSync(join(out, 'server', 'helper-db'), { recursive: true });
for (const f of readdirSync(join(serverOut, 'helper-db'))) copyFileSync(join(serverOut, 'helper-db', f), join(out, 'server', 'helper-db', f));

// 4. The injection grammar (generated by scripts/gen-injection-grammar.mjs).
copyFileSync(join(root, 'grammars', 'bpf-c.injection.tmLanguage.json'), join(out, 'syntaxes', 'bpf-c.injection.tmLanguage.json'));

console.log(`package-extension: built ${relative(root, out)}/ (extension.js, server/, syntaxes/)`);
if (flag('--no-vsix')) process.exit(0);

// 5. The .vsix.
const pkg = JSON.parse(readFileSync(join(client, 'package.json'), 'utf8'));
const vsix = resolve(option('--out') ?? join(client, `${pkg.name}-${pkg.version}.vsix`));
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
run(
  process.execPath,
  [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', vsix],
  client,
);
const size = statSync(vsix).size;
console.log(`package-extension: ${relative(root, vsix) || vsix} (${(size / 1024 / 1024).toFixed(2)} MiB, ${size} bytes)`);
