// Compare with the previous period (chat interactions): totals and deltas, users new / returning / lapsed, and
// each assistant's change, top movers first. Tenants may pseudonymise e-mails with ids drawn anew on every
// export (ANONYMIZED_CHAT_INTERACTIONS_EXPORT without `idempotent`): then no id of one export appears in the
// other while the totals are alike, and every user would look new. That case is detected and user-level
// compare is declared unavailable instead. Also: which window the previous period is.

import * as l10n from '@vscode/l10n';
import type { Comparison, DataTable } from '../../shared/insightsMessages';
import { columnName, type CompareBasis } from './recipe';
import { dayText } from './zurichTime';

/** Rows of the assistants' table. */
export const MOVERS = 15;
/** Below this many users on either side, a zero overlap proves nothing about pseudonyms. */
const MIN_USERS_FOR_PSEUDONYMS = 10;

/**
 * True when the two sets look like per-export pseudonyms: no id in common (or under 2% of the smaller set)
 * while the numbers of users are alike (within a factor of 2) and both have enough users to say.
 */
export function looksPseudonymised(
  current: readonly string[],
  previous: readonly string[],
): boolean {
  const small = Math.min(current.length, previous.length);
  const large = Math.max(current.length, previous.length);
  if (small < MIN_USERS_FOR_PSEUDONYMS || large > 2 * small) return false;
  const prev = new Set(previous);
  let common = 0;
  for (const u of current) if (prev.has(u)) common++;
  return common < 0.02 * small;
}

export function compareChat(
  current: CompareBasis,
  previous: CompareBasis,
  windows: { current?: Comparison['currentWindow']; previous?: Comparison['previousWindow'] } = {},
): Comparison {
  const pseudonymised = looksPseudonymised(current.userHashes, previous.userHashes);
  const prev = new Set(previous.userHashes);
  const cur = new Set(current.userHashes);
  let returning = 0;
  for (const u of cur) if (prev.has(u)) returning++;
  const perUser = (b: CompareBasis) =>
    Math.round((b.interactions / Math.max(1, b.userHashes.length)) * 10) / 10;
  const before = new Map(previous.assistants);
  const after = new Map(current.assistants);
  const names = new Set([...before.keys(), ...after.keys()]);
  const assistants: DataTable = {
    // The change is the last column: the webview draws it as bars (find it by position: its name is translated).
    columns: [
      { name: columnName('assistant'), type: 'text' },
      { name: columnName('previous'), type: 'number' },
      { name: columnName('current'), type: 'number' },
      { name: columnName('change'), type: 'number' },
    ],
    rows: [...names]
      .map((n) => {
        const p = before.get(n) ?? 0;
        const c = after.get(n) ?? 0;
        return [n, p, c, c - p] as const;
      })
      .sort((a, b) => Math.abs(b[3]) - Math.abs(a[3]) || (a[0] < b[0] ? -1 : 1))
      .slice(0, MOVERS),
  };
  return {
    ...(windows.current ? { currentWindow: windows.current } : {}),
    ...(windows.previous ? { previousWindow: windows.previous } : {}),
    totals: [
      {
        label: l10n.t('Interactions'),
        previous: previous.interactions,
        current: current.interactions,
      },
      {
        label: l10n.t('Active users'),
        previous: previous.userHashes.length,
        current: current.userHashes.length,
      },
      {
        label: l10n.t('Interactions per active user'),
        previous: perUser(previous),
        current: perUser(current),
      },
      {
        label: l10n.t('Assistants used'),
        previous: previous.assistants.length,
        current: current.assistants.length,
      },
    ],
    ...(pseudonymised
      ? {}
      : {
          users: {
            current: cur.size,
            previous: prev.size,
            fresh: cur.size - returning,
            returning,
            lapsed: prev.size - returning,
          },
        }),
    pseudonymised,
    assistants,
  };
}

/** The window of the same length right before `first`…`last` (Zurich days, "YYYY-MM-DD"). */
export function previousWindow(
  first: string,
  last: string,
): { first: string; last: string; days: number } {
  const a = Date.parse(`${first}T00:00:00Z`) / 86_400_000;
  const b = Date.parse(`${last}T00:00:00Z`) / 86_400_000;
  const days = b - a + 1;
  return { first: dayText(a - days), last: dayText(a - 1), days };
}
