/**
 * Starts the server for Node over stdio (or IPC when launched by the VS Code
 * client with --node-ipc). stdout carries only JSON-RPC: console output is sent
 * to stderr before anything else runs.
 */
import { readFileSync } from 'node:fs';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import type { SourceFiles } from '../analysis/source-files.ts';
import { startLanguageServer } from './server.ts';

export const nodeFiles: SourceFiles = {
  read(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};

export function startNodeServer(transport: 'stdio' | 'ipc'): void {
  const toStderr = (...args: unknown[]) => process.stderr.write(args.map(String).join(' ') + '\n');
  // Redirect, not use: stray console output from any module must not corrupt the JSON-RPC stream.
  /* eslint-disable no-console */
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  /* eslint-enable no-console */
  // The JSON-RPC library may still try to write (e.g. to report an invalid message)
  // after the client has closed the stream: end quietly then, not with a stack trace.
  process.on('uncaughtException', (e: unknown) => {
    const closed = e instanceof Error && e.name.includes('ConnectionError') && /closed|disposed/i.test(e.message);
    process.stderr.write(closed ? 'bpfls: the client closed the connection\n' : `bpfls: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(closed ? 0 : 1);
  });
  const connection =
    transport === 'stdio'
      ? createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout))
      : createConnection(ProposedFeatures.all);
  startLanguageServer(connection, nodeFiles);
  if (transport === 'stdio') {
    // No client can talk to us once stdin has ended: leave, after giving requests
    // still being answered (initialize loads the grammar) time to write their replies.
    process.stdin.on('end', () => setTimeout(() => process.exit(0), 2000).unref());
  }
}
