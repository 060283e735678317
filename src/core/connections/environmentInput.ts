// What "Add Environment…" asks and accepts, step by step: a free name, how to connect, and the fields each
// way needs, each checked as typed with a message that says what to enter. Pure; the quick input is in
// src/vscode/commands/environments.ts. The whole entry is checked once more by `checkEnvironment`.

import * as l10n from '@vscode/l10n';
import { parseBaseUrl } from '../setup/baseUrl';
import type { EnvironmentAuth } from './environment';

export type AuthKind = EnvironmentAuth['kind'];

/** The ways to connect, in the order offered; `label` and `detail` are translated each time they are read. */
export const WAYS_TO_CONNECT: readonly {
  readonly kind: AuthKind;
  readonly label: string;
  readonly detail: string;
}[] = [
  {
    kind: 'serviceUser',
    get label() {
      return l10n.t('Service user (Zitadel client credentials)');
    },
    get detail() {
      return l10n.t(
        'Signs in by itself and renews its token: client id, project id and a client secret.',
      );
    },
  },
  {
    kind: 'apiKey',
    get label() {
      return l10n.t('Personal API key (Public API)');
    },
    get detail() {
      return l10n.t('All nine export kinds: app id, user id, company id and a ukey_… key.');
    },
  },
  {
    kind: 'token',
    get label() {
      return l10n.t('Access token pasted by hand');
    },
    get detail() {
      return l10n.t('A token copied from the browser; it ends after some hours.');
    },
  },
];

/** A suggestion that is not taken yet: prod, uat, test, then "environment N". */
export function suggestName(taken: readonly string[]): string {
  for (const n of ['prod', 'uat', 'test']) if (!taken.includes(n)) return n;
  let i = taken.length + 1;
  while (taken.includes(`environment ${i}`)) i++;
  return `environment ${i}`;
}

export function checkName(value: string, taken: readonly string[]): string | undefined {
  const v = value.trim();
  if (!v) return l10n.t('Enter a short name, e.g. prod or UAT.');
  if (v.length > 40) return l10n.t('Keep the name to {0} characters or fewer.', 40);
  if (taken.includes(v))
    return l10n.t({
      message: '"{0}" is taken: choose another name, or edit that one in settings.',
      args: [v],
      comment: ['{0} is the name of an environment, e.g. "prod"'],
    });
  return undefined;
}

export function checkUrl(value: string, example: string): string | undefined {
  if (!value.trim()) return l10n.t('Enter the URL, e.g. {0}', example);
  const parsed = parseBaseUrl(value);
  return parsed.ok ? undefined : parsed.message;
}

export function checkProjectId(value: string): string | undefined {
  const v = value.trim();
  if (!v) return l10n.t("Enter the project id (digits, from Zitadel's project page).");
  return /^\d+$/.test(v)
    ? undefined
    : l10n.t('A Zitadel project id is a number, e.g. 268834226248417287.');
}

/** Where the token endpoint usually is, from the API's host: `api.<domain>` → `id.<domain>`. */
export function guessTokenUrl(baseUrl: string): string {
  try {
    const { hostname, host } = new URL(baseUrl);
    const parts = host.split('.');
    // Only a name like api.bank.ch has an id.bank.ch beside it; an address or localhost has no such guess.
    if (/^[\d.]+$/.test(hostname) || hostname.includes(':') || parts.length < 3) return '';
    parts[0] = 'id';
    return `https://${parts.join('.')}/oauth/v2/token`;
  } catch {
    return '';
  }
}
