// Types of canaryScan.mjs for the TypeScript tests (test/unit/canaryScan.test.ts).
import type { StorageDump } from './browserStorage.mjs';

export const CANARY_ENV: string;
export const CANARY_SECRET_ENV: string;
export const CANARY_APIKEY_ENV: string;
export const EVIDENCE_ENV: string;
export interface Canaries {
  token: string;
  secret: string;
  apiKey: string;
}
export function newCanary(): string;
export function newCanaries(): Canaries;
export function canaryEnv(canaries: Partial<Canaries>): Record<string, string>;
export function maskToken(token: string): string;
export function canaryNeedles(token: string): { label: string; bytes: Buffer }[];

export interface ScanArgs {
  token: string;
  secret?: string;
  apiKey?: string;
  paths: string[];
  texts?: { name: string; text: string }[];
  storage?: StorageDump[];
  workbenchOrigins?: string[];
}
export interface ScanResult {
  files: number;
  bytes: number;
  values: number;
  hits: {
    file: string;
    offset: number;
    encoding: string;
    context: string;
    /** "canary token", "canary client secret" or "canary API key". */
    canary: string;
    masked: string;
  }[];
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
