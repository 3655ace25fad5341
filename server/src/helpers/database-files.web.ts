/**
 * The web-worker build's stand-in for database-files.ts: a worker has no file
 * system, so the two JSON files are bundled into it (scripts/package-extension.mjs
 * points database-files.ts here).
 */
import helpersJson from '../../../helper-db/helpers.json';
import constantsJson from '../../../helper-db/constants.json';

export interface DatabaseFiles {
  helpers: unknown;
  constants: unknown;
}

export function readDatabaseFiles(): DatabaseFiles {
  return { helpers: helpersJson, constants: constantsJson };
}
