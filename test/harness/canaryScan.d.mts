// Types of canaryScan.mjs for the TypeScript tests (test/unit/canaryScan.test.ts).
import type { StorageDump } from './browserStorage.mjs';

export const CANARY_ENV: string;
export const EVIDENCE_ENV: string;
export function newCanary(): string;
export function maskToken(token: string): string;
export function canaryNeedles(token: string): { label: string; bytes: Buffer }[];

export interface ScanArgs {
  token: string;
  paths: string[];
  texts?: { name: string; text: string }[];
  storage?: StorageDump[];
  workbenchOrigins?: string[];
}
export interface ScanResult {
  files: number;
  bytes: number;
  values: number;
  hits: { file: string; offset: number; encoding: string; context: string }[];
  skipped: { what: string; chars: number }[];
  unreadable: { file: string; why: string }[];
  read: string[];
}
export function scanForCanary(args: ScanArgs): ScanResult;
export function describeScan(result: ScanResult, token: string): string[];
export function canaryVerdict(args: ScanArgs & { flowed: boolean; flowNote: string }): {
  ok: boolean;
  lines: string[];
};
export function captureOutput(): { text(): string };
