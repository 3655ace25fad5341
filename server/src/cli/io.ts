/** Where a command writes: injected so commands can be run in-process by tests. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  columns?: number;
}

export const processIO: CommandIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  columns: process.stdout.columns,
};
