/** Public API of the packet module: catalogue, readers, decoder, diff. */
export { catalogPacket, describe, packetNames } from './catalogue.ts';
export type { Bilingual, PacketDescription } from './catalogue.ts';
export { decodePacket } from './decode.ts';
export type { ChecksumStatus, DecodedField, DecodedLayer, DecodedPacket } from './decode-types.ts';
export { diffDecoded, diffPackets } from './diff.ts';
export type { FieldChange } from './diff.ts';
export { readPacketBytes, resolvePacketSpec } from './read.ts';
export { parseHex, parseHexLines } from './read-hex.ts';
export { readPcap } from './read-pcap.ts';
export { readPcapng } from './read-pcapng.ts';
export type { PacketFormat, PacketRecord, ReadResult } from './read-types.ts';
export { fromHex, toHex } from './bytes.ts';
