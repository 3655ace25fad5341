/**
 * The `bpfls` command: dispatches to the subcommands. Exit codes: 0 success,
 * 1 problems found (check) or a fault (run), 2 usage errors.
 */
import { helpersCommand, HELPERS_USAGE } from './helpers-command.ts';
import { UsageError } from './args.ts';
import { processIO, type CommandIO } from './io.ts';

const VERSION = '0.1.0';

const USAGE = `bpfls ${VERSION}: a language server, checker and interpreter for BPF C

Usage:
  ${HELPERS_USAGE}
  bpfls --version | --help
`;

export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'helpers':
        return helpersCommand(rest, io);
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
