// Types of localStorageSecrets.mjs for the TypeScript tests.
export const SECRETS_KEY: string;
export const LOCAL_STORAGE_LOG: RegExp;
export function secretEntries(
  buf: Buffer,
  isWorkbench?: (origin: string) => boolean,
): { origin: string; value: string; ranges: [number, number][] }[];
export function unsealSecrets(sealed: string, keyHalf: Buffer): Record<string, string> | undefined;
export function secretVersions(logFiles: string[], keyHalves: Buffer[]): { file: string; secrets?: Record<string, string> }[];
