// Types of leveldb.mjs for the TypeScript tests.
export function logRecords(buf: Buffer): { data: Buffer; at(i: number): number }[];
export function varint(buf: Buffer, pos: number): [number, number];
export function batchEntries(data: Buffer): { key: Buffer; value?: Buffer; valueStart?: number }[];
export function snappyDecompress(src: Buffer): Buffer;
export function tableBlocks(buf: Buffer): { offset: number; data: Buffer; compressed: boolean }[];
