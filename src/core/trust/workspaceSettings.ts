// Settings a repository must not decide: where credentials go and where files are written. Their manifest
// scope keeps VS Code from applying workspace values; the extension also reads only the user's value, and
// says once when a workspace or folder tries to set one, without using it (a cloned repository's
// .vscode/settings.json pointing the token at another host is the attack this stops).

import * as l10n from '@vscode/l10n';
import { shortQuote } from '../api/quote';

export const CREDENTIAL_SETTINGS = ['baseUrl', 'graphqlPath', 'environments'] as const;
/** Where files are written (a saved report names its folder, and runs on a schedule). */
export const FILE_SETTINGS = ['downloadFolder', 'reports'] as const;
/** Deletes data on the server: a repository must not switch it on either. */
export const DESTRUCTIVE_SETTINGS = ['deleteAfterDownload'] as const;
export const RESTRICTED_SETTINGS = [
  ...CREDENTIAL_SETTINGS,
  ...FILE_SETTINGS,
  ...DESTRUCTIVE_SETTINGS,
] as const;
export type RestrictedSetting = (typeof RESTRICTED_SETTINGS)[number];

/** A value found outside the user's settings: in the workspace (file) or in one folder of it. */
export interface WorkspaceValue {
  readonly key: RestrictedSetting;
  readonly value: unknown;
  /** Undefined: the workspace as a whole; else the folder's name. */
  readonly folder?: string;
}

/**
 * The restricted values a settings file sets (`.vscode/settings.json` of a folder, or the `settings` of a
 * `.code-workspace` file), parsed: flat keys (`"uniqueAnalytics.baseUrl"`) or nested under `uniqueAnalytics`.
 * VS Code does not report workspace values of application- or machine-scoped settings through `inspect()`,
 * so the files themselves are the only place to see them.
 */
export function restrictedValuesIn(settings: unknown, folder?: string): WorkspaceValue[] {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return [];
  const flat = settings as Record<string, unknown>;
  const nested = flat.uniqueAnalytics;
  const out: WorkspaceValue[] = [];
  for (const key of RESTRICTED_SETTINGS) {
    let value = flat[`uniqueAnalytics.${key}`];
    if (value === undefined && typeof nested === 'object' && nested !== null)
      value = (nested as Record<string, unknown>)[key];
    if (value !== undefined)
      out.push(folder === undefined ? { key, value } : { key, value, folder });
  }
  return out;
}

/** One line per ignored value, each said once (the same key and value again is not news). */
export function ignoredValueMessages(
  values: readonly WorkspaceValue[],
  alreadySaid: ReadonlySet<string>,
): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  for (const v of values) {
    const shown = typeof v.value === 'string' ? v.value : JSON.stringify(v.value);
    const key = `${v.folder ?? ''}\u0000${v.key}\u0000${shown}`;
    if (alreadySaid.has(key) || out.some((o) => o.key === key)) continue;
    out.push({ key, text: ignoredText(v, shortQuote(shown, 120)) });
  }
  return out;
}

/** One whole sentence per who (the workspace, one folder) and per kind of setting. */
function ignoredText(v: WorkspaceValue, shown: string): string {
  const setting = `uniqueAnalytics.${v.key}`;
  const rule = (CREDENTIAL_SETTINGS as readonly string[]).includes(v.key)
    ? 'connections'
    : (FILE_SETTINGS as readonly string[]).includes(v.key)
      ? 'files'
      : 'deleting';
  if (v.folder === undefined) {
    const args = [setting, shown];
    if (rule === 'connections')
      return l10n.t({
        message:
          'This workspace sets {0} to "{1}"; it is ignored: connections come only from your user settings.',
        args,
        comment: ['{0} is a setting; {1} its value'],
      });
    if (rule === 'files')
      return l10n.t({
        message:
          'This workspace sets {0} to "{1}"; it is ignored: where exports are saved comes only from your user settings.',
        args,
        comment: ['{0} is a setting; {1} its value'],
      });
    return l10n.t({
      message:
        'This workspace sets {0} to "{1}"; it is ignored: deleting orders is decided only in your user settings.',
      args,
      comment: ['{0} is a setting; {1} its value'],
    });
  }
  const args = [v.folder, setting, shown];
  if (rule === 'connections')
    return l10n.t({
      message:
        'The folder "{0}" sets {1} to "{2}"; it is ignored: connections come only from your user settings.',
      args,
      comment: ["{0} is a workspace folder's name; {1} a setting; {2} its value"],
    });
  if (rule === 'files')
    return l10n.t({
      message:
        'The folder "{0}" sets {1} to "{2}"; it is ignored: where exports are saved comes only from your user settings.',
      args,
      comment: ["{0} is a workspace folder's name; {1} a setting; {2} its value"],
    });
  return l10n.t({
    message:
      'The folder "{0}" sets {1} to "{2}"; it is ignored: deleting orders is decided only in your user settings.',
    args,
    comment: ["{0} is a workspace folder's name; {1} a setting; {2} its value"],
  });
}
