/** A small command-line parser: positional arguments plus --name value / --name=value options. */

export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

/**
 * `valued` lists options that take a value; `booleans` those that do not.
 * Anything else starting with "--" is a usage error.
 */
export function parseArgs(argv: string[], valued: string[], booleans: string[] = []): ParsedArgs {
  const out: ParsedArgs = { positional: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (booleans.includes(name)) {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    if (!valued.includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`option --${name} needs a value`);
    out.options.set(name, [...(out.options.get(name) ?? []), value]);
  }
  return out;
}

/** The single value of an option, checked against the allowed choices. */
export function oneOf<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const values = args.options.get(name);
  if (!values) return fallback;
  const v = values[values.length - 1];
  if (!(choices as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')} (got "${v}")`);
  }
  return v as T;
}

/** The locale to print in: --locale, else the environment (LC_ALL, LC_MESSAGES, LANG). */
export function cliLocale(args: ParsedArgs): 'en' | 'zh-CN' {
  const env = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  const fallback = env.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  return oneOf(args, 'locale', ['en', 'zh-CN'] as const, fallback);
}
