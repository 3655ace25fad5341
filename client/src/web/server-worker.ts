/**
 * bpfls in a web worker (a sketch of the browser build; see client/README.md, "Towards a
 * web build"). The same `startLanguageServer` as the Node server, over
 * postMessage, with the wasm files and queries fetched from next to this bundle, and no
 * file system (so `#include "..."` is not followed).
 *
 * Built by `node scripts/package-extension.mjs --web-only --web-out DIR`, which maps
 * `vscode-languageserver/node` to `vscode-languageserver/browser` and `node:*` modules to
 * the shims in ./shims/; tested in headless Chromium by test/client/web-worker.test.ts.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import type { SourceFiles } from '../../../server/src/analysis/source-files.ts';
import { startLanguageServer } from '../../../server/src/lsp/server.ts';
import type { SyntaxAssets } from '../../../server/src/syntax/assets.ts';
import { loadSyntaxRuntime } from '../../../server/src/syntax/parser.ts';

/** The worker's global scope, typed as much as this file needs (no DOM lib in tsconfig). */
declare const self: { location: { href: string } };

/** Fetches assets by logical name from the directory of the worker script. */
function fetchedAssets(base: string): SyntaxAssets {
  return {
    async read(name) {
      const r = await fetch(new URL(name, base));
      return r.ok ? new Uint8Array(await r.arrayBuffer()) : undefined;
    },
    describe: (name) => `${new URL(name, base).href} (fetched)`,
  };
}

const noFiles: SourceFiles = { read: () => undefined };

// The first loadSyntaxRuntime call wins: the server's own call in `initialize` then
// reuses this runtime instead of looking on a (missing) file system.
const runtime = loadSyntaxRuntime({ assets: fetchedAssets(new URL('./', self.location.href).href) });
runtime.catch((e: unknown) => console.error(`bpfls worker: ${e instanceof Error ? e.message : String(e)}`));

const connection = createConnection(new BrowserMessageReader(self as never), new BrowserMessageWriter(self as never));
startLanguageServer(connection as never, noFiles);
