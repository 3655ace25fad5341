/**
 * Writes every catalogue packet to a directory as <name>.bin, plus index.json
 * ([{ name, length, malformed, file }]), so tools that are not TypeScript (the
 * golden recorder) feed the kernel exactly the bytes the catalogue code builds.
 *
 *   npx tsx scripts/dump-packets.ts /tmp/bpfls-packets
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogPacket, describe } from '../server/src/interp/packets/index.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: tsx scripts/dump-packets.ts <output-directory>');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const index = describe().map((d) => {
  const file = `${d.name}.bin`;
  writeFileSync(join(dir, file), catalogPacket(d.name)!);
  return { name: d.name, length: d.length, malformed: d.malformed, file };
});
writeFileSync(join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
console.log(`wrote ${index.length} packets to ${dir}`);
