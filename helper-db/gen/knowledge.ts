/** Loads the hand-kept knowledge files in helper-db/knowledge/ (all optional but program-types). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { FlagSpec, ReturnKind, Text } from '../../server/src/helpers/schema.ts';
import { HELPER_DB_DIR } from './doc-files.ts';

export interface ProtoFacts {
  proto: string | null;
  file?: string;
  ret?: string;
  args?: string[];
  gpl_only?: boolean;
  might_sleep?: boolean;
  variants?: { proto: string; programTypes?: string[]; ret?: string; args?: string[] }[];
  note?: string;
}

export interface ReturnFacts {
  kind: ReturnKind;
  actions?: { programTypes: string[]; codes: string[] }[];
  errors?: string[];
}

export type FlagRuleFile = Record<string, Record<string, Partial<FlagSpec> & { constants?: string[] }>>;

export interface ProgramTypeFacts {
  value: number;
  context: string;
  returnCodes?: string[];
  returnRange?: string;
  verifierChecked?: boolean;
}

export interface Knowledge {
  protos: Record<string, ProtoFacts>;
  flagRules: FlagRuleFile;
  returns: Record<string, ReturnFacts>;
  deprecated: Record<string, { replacement: string[]; reason: Text }>;
  programTypes: Record<string, ProgramTypeFacts>;
  /** helper -> map parameter -> accepted BPF_MAP_TYPE_* names. */
  mapTypes: Record<string, Record<string, string[]>>;
  present: string[];
}

function load<T>(file: string, present: string[]): T {
  const path = join(HELPER_DB_DIR, 'knowledge', file);
  if (!existsSync(path)) return {} as T;
  present.push(`knowledge/${file}`);
  return (parse(readFileSync(path, 'utf8')) ?? {}) as T;
}

export function loadKnowledge(): Knowledge {
  const present: string[] = [];
  return {
    protos: load('protos.yaml', present),
    flagRules: load('flag-rules.yaml', present),
    returns: load('returns.yaml', present),
    deprecated: load('deprecated.yaml', present),
    programTypes: load('program-types.yaml', present),
    mapTypes: load('map-types.yaml', present),
    present,
  };
}
