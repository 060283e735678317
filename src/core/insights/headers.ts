// Which column is which, by header name only (never by position: the column sets are not public and change).
// Names are compared normalised (case, accents, spaces, dashes and underscores ignored) against English,
// German and French variants; the first column that matches a role takes it. Then the kind of export follows
// from the roles present, or from the order type when the caller knows it (a recipe whose columns are missing
// then says which it looked for, and the generic profile stands in).

export type Role =
  | 'user'
  | 'date'
  | 'timestamp'
  | 'assistant'
  | 'count'
  | 'period'
  | 'activeUsers'
  | 'newUsers'
  | 'document'
  | 'source'
  | 'references'
  | 'prompt'
  | 'answer';

export type InsightKind = 'chat' | 'activeUsers' | 'references' | 'detailed' | 'profile';

/** Normalised header names per role, most specific first. */
const NAMES: Record<Role, readonly string[]> = {
  user: [
    'useremail',
    'email',
    'emailaddress',
    'mail',
    'user',
    'userid',
    'username',
    'benutzer',
    'benutzeremail',
    'benutzerid',
    'nutzer',
    'utilisateur',
    'courriel',
    'adresseemail',
    'emailutilisateur',
    'pseudonym',
  ],
  date: ['date', 'day', 'datum', 'tag', 'jour', 'periodstart', 'startdate'],
  timestamp: [
    'timestamp',
    'createdat',
    'datetime',
    'time',
    'messagetime',
    'zeitstempel',
    'zeitpunkt',
    'horodatage',
    'dateheure',
  ],
  assistant: [
    'assistant',
    'assistantname',
    'space',
    'spacename',
    'assistent',
    'assistentname',
    'chatbot',
    'module',
    'segment',
  ],
  count: [
    'interactions',
    'interactioncount',
    'numberofinteractions',
    'count',
    'interaktionen',
    'anzahl',
    'anzahlinteraktionen',
    'nombre',
    'nombredinteractions',
    'messages',
  ],
  period: ['period', 'periode', 'zeitraum', 'granularity', 'interval'],
  activeUsers: [
    'activeusers',
    'active',
    'aktivebenutzer',
    'aktivenutzer',
    'utilisateursactifs',
    'users',
    'usercount',
  ],
  newUsers: ['newusers', 'neuebenutzer', 'neuenutzer', 'nouveauxutilisateurs'],
  document: [
    'document',
    'documentname',
    'documenttitle',
    'file',
    'filename',
    'title',
    'dokument',
    'datei',
    'dateiname',
    'fichier',
    'nomdufichier',
  ],
  source: ['source', 'sourcename', 'sourcetype', 'quelle', 'origine'],
  references: [
    'references',
    'referencecount',
    'citations',
    'citationcount',
    'referenzen',
    'zitate',
    'zitierungen',
    'nombredereferences',
  ],
  prompt: ['prompt', 'question', 'userprompt', 'usermessage', 'frage', 'eingabe'],
  answer: ['answer', 'response', 'assistantmessage', 'antwort', 'reponse'],
};

/** A header as compared: lower case, accents and everything but letters and digits removed. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export type Roles = Partial<Record<Role, number>>;

/** The column of each role present (by name; the first column that matches a role takes it). */
export function findRoles(header: readonly string[]): Roles {
  const names = header.map(normaliseHeader);
  const roles: Roles = {};
  const taken = new Set<number>();
  // Most specific role names first, so "Active Users" is activeUsers before "users" could be anything else.
  for (const role of Object.keys(NAMES) as Role[]) {
    for (const name of NAMES[role]) {
      const i = names.findIndex((n, at) => n === name && !taken.has(at));
      if (i >= 0) {
        roles[role] = i;
        taken.add(i);
        break;
      }
    }
  }
  return roles;
}

/** What each kind's recipe needs; `oneOf` lists alternatives of which one must be present. */
export const NEEDS: Record<Exclude<InsightKind, 'profile'>, readonly (Role | readonly Role[])[]> = {
  chat: ['user', ['date', 'timestamp'], 'assistant', 'count'],
  activeUsers: ['period', ['date', 'timestamp'], 'activeUsers'],
  references: [
    ['document', 'source'],
    ['date', 'timestamp'],
  ],
  detailed: [['timestamp', 'date']],
};

/** The roles a kind needs that are missing (each alternative group named by its first member). */
export function missingFor(kind: Exclude<InsightKind, 'profile'>, roles: Roles): Role[] {
  const missing: Role[] = [];
  for (const need of NEEDS[kind]) {
    const group = typeof need === 'string' ? [need] : need;
    if (!group.some((r) => roles[r] !== undefined)) missing.push(group[0]);
  }
  return missing;
}

/** The order types of the API and the recipe each expects. */
const KIND_OF_TYPE: Record<string, Exclude<InsightKind, 'profile'>> = {
  CHAT_INTERACTION: 'chat',
  ACTIVE_USER: 'activeUsers',
  REFERENCE_STAT: 'references',
  CHAT_INTERACTION_DETAILED: 'detailed',
  USER_CHAT_EXPORT: 'detailed',
};

export interface Recognition {
  /** The recipe that runs (profile when the expected one's columns are missing). */
  readonly kind: InsightKind;
  readonly roles: Roles;
  /** The recipe the order type or the columns pointed to, when its columns are missing. */
  readonly expected?: { readonly kind: Exclude<InsightKind, 'profile'>; readonly missing: Role[] };
}

/** The recipe for a file: the order type's, when given and known; otherwise the first whose columns are all there. */
export function recognise(header: readonly string[], orderType?: string): Recognition {
  const roles = findRoles(header);
  const typed = orderType ? KIND_OF_TYPE[orderType] : undefined;
  if (typed) {
    const missing = missingFor(typed, roles);
    return missing.length === 0
      ? { kind: typed, roles }
      : { kind: 'profile', roles, expected: { kind: typed, missing } };
  }
  // Prompts or answers make a detailed export even when it also has a count; a bare timestamp column does
  // too, once no aggregate recipe fits.
  const timed = roles.timestamp !== undefined || roles.date !== undefined;
  if ((roles.prompt ?? roles.answer) !== undefined && timed) return { kind: 'detailed', roles };
  for (const kind of ['activeUsers', 'chat', 'references'] as const)
    if (missingFor(kind, roles).length === 0) return { kind, roles };
  if (roles.timestamp !== undefined) return { kind: 'detailed', roles };
  return { kind: 'profile', roles };
}

/** A role's name as a card says it ("looked for a column like …"). */
export const ROLE_LABEL: Record<Role, string> = {
  user: 'User Email',
  date: 'Date',
  timestamp: 'Timestamp',
  assistant: 'Assistant',
  count: 'Interactions',
  period: 'Period',
  activeUsers: 'Active Users',
  newUsers: 'New Users',
  document: 'Document',
  source: 'Source',
  references: 'References',
  prompt: 'Prompt',
  answer: 'Answer',
};
