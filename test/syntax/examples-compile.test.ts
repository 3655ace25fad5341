/**
 * The examples are real libbpf C: when clang is installed, each must compile
 * for the BPF target (the kernel verifier runs elsewhere).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES, sourceFiles } from './helpers.ts';

function findClang(): string | undefined {
  for (const c of ['/usr/bin/clang', '/usr/local/bin/clang']) if (existsSync(c)) return c;
  return undefined;
}

const clang = findClang();
const targetArch = arch() === 'arm64' ? 'arm64' : 'x86';
const multiarch = arch() === 'arm64' ? '/usr/include/aarch64-linux-gnu' : '/usr/include/x86_64-linux-gnu';
const haveHeaders = existsSync('/usr/include/bpf/bpf_helpers.h') && existsSync('/usr/include/linux/bpf.h');
const out = mkdtempSync(join(tmpdir(), 'bpfls-cc-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(!clang || !haveHeaders)('examples compile with clang -target bpf', () => {
  for (const file of sourceFiles(EXAMPLES).filter((f) => f.endsWith('.bpf.c'))) {
    it(basename(file), () => {
      const obj = join(out, basename(file).replace(/\.c$/, '.o'));
      const args = ['-O2', '-g', '-target', 'bpf', `-D__TARGET_ARCH_${targetArch}`, '-Wall', '-Werror', '-c', file, '-o', obj];
      if (existsSync(multiarch)) args.splice(4, 0, `-I${multiarch}`);
      execFileSync(clang as string, args, { stdio: 'pipe' });
      expect(existsSync(obj)).toBe(true);
    }, 60_000);
  }
});
