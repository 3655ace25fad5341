/**
 * The `bpfls` command: dispatches to the subcommands. Exit codes: 0 success,
 * 1 problems found (check) or a fault (run), 2 usage errors.
 */
import { helpersCommand, HELPERS_USAGE } from './helpers-command.ts';
import { checkCommand, CHECK_USAGE } from './check-command.ts';
import { runCommand, RUN_USAGE } from './run-command.ts';
import { UsageError } from './args.ts';
import { processIO, type CommandIO } from './io.ts';

const VERSION = '0.1.0';

const USAGE = `bpfls ${VERSION}: a language server, checker and interpreter for BPF C

Usage:
  bpfls --stdio | bpfls lsp --stdio      start the language server on stdin/stdout
  ${HELPERS_USAGE}
  ${CHECK_USAGE}
  ${RUN_USAGE}
  bpfls --version | --help
`;

/** Runs the language server until the client disconnects; never resolves while serving. */
async function serve(args: string[]): Promise<number> {
  const transport = args.includes('--node-ipc') ? 'ipc' : args.includes('--stdio') || args.length === 0 ? 'stdio' : undefined;
  if (!transport) throw new UsageError(`unknown server option(s): ${args.join(' ')}`);
  const { startNodeServer } = await import('../lsp/start-node.ts');
  startNodeServer(transport);
  return new Promise<number>(() => undefined);
}

export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'helpers':
        return helpersCommand(rest, io);
      case 'check':
        return await checkCommand(rest, io);
      case 'run':
        return await runCommand(rest, io);
      case '--stdio':
      case '--node-ipc':
      case 'lsp':
        return await serve(cmd === 'lsp' ? rest : [cmd, ...rest]);
      case '--version':
      case 'version':
        io.stdout(`${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${cmd}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`bpfls: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}
