// Insights of one CSV export: one streaming pass (rowStream.ts) feeding the recipe its header calls for
// (headers.ts), answered as a report of cards (src/shared/insightsMessages.ts). This folder decides what the
// numbers are; it never holds the file's rows (memory is bounded by distinct users, assistants, days,
// documents and the profile's samples), never imports vscode, and never puts user text into a chart label
// except the names of assistants and documents, which are data.

import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import type { InsightCard, InsightKind, InsightsReport } from '../../shared/insightsMessages';
import { ActiveUsersRecipe } from './activeUsers';
import { ChatInteractionsRecipe } from './chatInteractions';
import { DetailedRecipe } from './detailed';
import { ROLE_LABEL, recognise, type Recognition } from './headers';
import { ProfileRecipe } from './profile';
import type { CompareBasis, Recipe, RecipeResult } from './recipe';
import { ReferencesRecipe } from './references';
import { streamRows } from './rowStream';
import { assertNever } from '../errors';

/** What the report is about ("Chat interactions"), in the display language. */
export function kindLabel(kind: InsightKind): string {
  switch (kind) {
    case 'chat':
      return l10n.t('Chat interactions');
    case 'activeUsers':
      return l10n.t('Active users');
    case 'references':
      return l10n.t('Reference statistics');
    case 'detailed':
      return l10n.t('Detailed interactions');
    case 'profile':
      return l10n.t('Column profile');
    default:
      return assertNever(kind, 'insights kind');
  }
}

export interface InsightsOptions {
  /** The order's type when known (CHAT_INTERACTION, …): its recipe is expected. */
  readonly orderType?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytes: number, total: number) => void;
}

export function recipeFor(recognition: Recognition, header: readonly string[]): Recipe {
  switch (recognition.kind) {
    case 'chat':
      return new ChatInteractionsRecipe(recognition.roles);
    case 'activeUsers':
      return new ActiveUsersRecipe(recognition.roles);
    case 'references':
      return new ReferencesRecipe(recognition.roles);
    case 'detailed':
      return new DetailedRecipe(recognition.roles);
    case 'profile':
      return new ProfileRecipe(header);
  }
}

/** The insights of the CSV at `file` (one pass). */
export async function computeInsights(
  file: string,
  options: InsightsOptions = {},
): Promise<InsightsReport> {
  return (await computeInsightsWithBasis(file, options)).report;
}

/** The insights and, for a chat export, what a compare needs of it. */
export async function computeInsightsWithBasis(
  file: string,
  options: InsightsOptions = {},
): Promise<{ report: InsightsReport; basis?: CompareBasis }> {
  let recognition: Recognition | undefined;
  let recipe: Recipe | undefined;
  let columns: string[] = [];
  const summary = await streamRows(
    file,
    (header) => {
      columns = [...header];
      recognition = recognise(header, options.orderType);
      recipe = recipeFor(recognition, header);
    },
    (cells) => recipe!.add(cells),
    { ...options, byteStrings: true },
  );
  return buildReport(recognition!, columns, recipe!.result(), {
    fileName: path.basename(file),
    bytes: summary.bytes,
    rows: summary.rows,
  });
}

/** The report of a recipe's result (one pass or merged parts). */
export function buildReport(
  recognition: Recognition,
  columns: readonly string[],
  result: RecipeResult,
  file: { fileName: string; bytes: number; rows: number },
): { report: InsightsReport; basis?: CompareBasis } {
  const cards: InsightCard[] = [];
  const expected = recognition.expected;
  if (expected) {
    const lookedFor = expected.missing.map((r) => ROLE_LABEL[r]);
    const names = lookedFor.map((l) => `"${l}"`).join(', ');
    cards.push({
      id: 'missing-columns',
      title: l10n.t({
        message: '{0}: columns missing',
        args: [kindLabel(expected.kind)],
        comment: ['{0} is a kind of export, e.g. "Chat interactions"'],
      }),
      description:
        lookedFor.length === 1
          ? l10n.t({
              message:
                'This export should have a column like {0}, and has none; the profile of each column follows instead.',
              args: [names],
              comment: ['{0} is the name of a CSV column, in quotes'],
            })
          : l10n.t({
              message:
                'This export should have columns like {0}, and has none; the profile of each column follows instead.',
              args: [names],
              comment: ['{0} lists names of CSV columns, in quotes'],
            }),
      missing: lookedFor,
    });
  }
  cards.push(...result.cards);
  const report: InsightsReport = {
    kind: recognition.kind,
    kindLabel: kindLabel(recognition.kind),
    fileName: file.fileName,
    fileBytes: file.bytes,
    rows: file.rows,
    ...(result.window ? { window: result.window } : {}),
    ...(result.distinctUsers !== undefined ? { distinctUsers: result.distinctUsers } : {}),
    columns: [...columns],
    roles: Object.fromEntries(
      Object.entries(recognition.roles).map(([role, i]) => [role, columns[i]]),
    ),
    cards,
  };
  return { report, ...(result.basis ? { basis: result.basis } : {}) };
}
