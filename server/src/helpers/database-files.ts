/**
 * Reads the helper database's two JSON files from disk (Node builds).
 *
 * They are read at run time instead of being bundled: bundled, the 1.2 MB of JSON
 * became a giant object literal that V8 compiled (several MB of parser memory that
 * malloc keeps) and whose source text it keeps for the life of the process.
 * The build copies them to `server/out/helper-db/`; from the sources they are found
 * in the repository's `helper-db/`. The web-worker build swaps this module for
 * database-files.web.ts, which bundles them (a worker has no file system).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { currentModuleFile } from '../syntax/node-assets.ts';

export interface DatabaseFiles {
  helpers: unknown;
  constants: unknown;
}

/** Directories that may hold helpers.json and constants.json, most specific first. */
export function databaseDirs(): string[] {
  const file = currentModuleFile();
  const here = file ? dirname(file) : process.cwd();
  const dirs = [
    join(here, 'helper-db'), // the bundle: server/out/helper-db (and client/out/server/helper-db)
    join(here, '..', '..', 'helper-db'), // server/out -> <repo>/helper-db
    join(here, '..', '..', '..', 'helper-db'), // server/src/helpers -> <repo>/helper-db
  ];
  return [...new Set(dirs.map((d) => resolve(d)))];
}

export function readDatabaseFiles(): DatabaseFiles {
  const tried: string[] = [];
  for (const dir of databaseDirs()) {
    let helpersText: string;
    try {
      helpersText = readFileSync(join(dir, 'helpers.json'), 'utf8');
    } catch {
      tried.push(dir);
      continue;
    }
    return { helpers: JSON.parse(helpersText), constants: JSON.parse(readFileSync(join(dir, 'constants.json'), 'utf8')) };
  }
  throw new Error(`bpfls: the helper database (helpers.json, constants.json) is missing; looked in ${tried.join(', ')}`);
}
