/**
 * Every LSP handler runs through `guard`: an exception in one feature is logged to
 * the client (stderr side channel) and answered with a neutral result, never taking
 * the server down.
 */
import type { Connection } from 'vscode-languageserver/node';

export type Logger = (message: string) => void;

export function guard<P extends unknown[], R>(log: Logger, feature: string, fallback: R, fn: (...args: P) => R | Promise<R>) {
  return async (...args: P): Promise<R> => {
    try {
      return await fn(...args);
    } catch (e) {
      log(`bpfls: ${feature} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  };
}

export function connectionLogger(connection: Connection): Logger {
  return (message) => connection.console.error(message);
}
