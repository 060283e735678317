// What a batch row and its part rows say: the kind and whole range, "4 of 7 done", an icon for the stage, and a
// tooltip that names each part's window and state. Pure, like orderPresentation.ts.

import * as l10n from '@vscode/l10n';
import { formatRange } from '../dateRange';
import { escapeMarkdown } from '../orders/orderPresentation';
import type { OrderIcon } from '../orders/orderPresentation';
import { findExportKind } from '../orders/order';
import { assertNever } from '../errors';
import { type Batch, type BatchStage, batchProgress, batchStage, type PartState } from './batch';

export interface BatchPresentation {
  readonly label: string;
  readonly description: string;
  readonly icon: OrderIcon;
  readonly tooltipMarkdown: string;
  readonly accessibilityLabel: string;
}

const STAGE_ICONS: Record<BatchStage, OrderIcon> = {
  placing: { id: 'sync~spin' },
  running: { id: 'sync~spin' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  merging: { id: 'loading~spin' },
  merged: { id: 'pass-filled', color: 'testing.iconPassed' },
};

/** What a part's state reads as, in the display language. */
function partWords(state: PartState): string {
  switch (state) {
    case 'planned':
      return l10n.t({ message: 'not placed yet', comment: ['the state of one order of a batch'] });
    case 'placed':
      return l10n.t({ message: 'running', comment: ['the state of one order of a batch'] });
    case 'done':
      return l10n.t({ message: 'done', comment: ['the state of one order of a batch'] });
    case 'failed':
      return l10n.t({ message: 'failed', comment: ['the state of one order of a batch'] });
    default:
      return assertNever(state, 'part state');
  }
}

export function presentBatch(batch: Batch, locale?: string): BatchPresentation {
  const kind = findExportKind(batch.type)?.label ?? batch.type;
  const range = formatRange(batch.range, locale);
  const progress = batchProgress(batch);
  const stage = batchStage(batch);
  const problem = batch.problem && stage !== 'merged' ? batch.problem : undefined;
  const merged = stage === 'merged';
  const { done, failed, total } = progress;
  /** The state inside a sentence ("…: 4 of 7 done"). */
  const state = merged
    ? l10n.t({ message: 'merged into one CSV', comment: ['the state of a batch of orders'] })
    : progress.label;
  /** The state as a sentence of its own. */
  const stateSentence = merged
    ? l10n.t('Merged into one CSV.')
    : failed
      ? l10n.t({
          message: '{0} of {1} done, {2} failed.',
          args: [done, total, failed],
          comment: ['the orders of a batch'],
        })
      : l10n.t({
          message: '{0} of {1} done.',
          args: [done, total],
          comment: ['the orders of a batch'],
        });
  // Markdown line breaks (two spaces): one line per part, no list markers.
  const lines = [
    l10n.t({
      message: '**{0}**, {1}: {2} orders, one CSV',
      args: [escapeMarkdown(kind), escapeMarkdown(range), total],
      comment: ['Markdown: an export kind in bold, its range of days, how many orders'],
    }),
    '',
    // The sentence is this extension's text (numbers and words, no Markdown); only the server's is escaped.
    problem ? `${stateSentence} ${escapeMarkdown(problem)}` : stateSentence,
    '',
    batch.parts
      .map((p, i) =>
        p.problem
          ? l10n.t({
              message: 'Part {0} · {1}: {2} ({3})',
              args: [
                i + 1,
                escapeMarkdown(formatRange(p.window, locale)),
                partWords(p.state),
                escapeMarkdown(p.problem),
              ],
              comment: ['a part of a batch: its range of days, its state and what went wrong'],
            })
          : l10n.t({
              message: 'Part {0} · {1}: {2}',
              args: [i + 1, escapeMarkdown(formatRange(p.window, locale)), partWords(p.state)],
              comment: ['a part of a batch: its range of days and its state'],
            }),
      )
      .join('  \n'),
    ...(batch.merged
      ? ['', l10n.t('Merged file: {0}', `\`${batch.merged.path.replace(/`/g, "'")}\``)]
      : []),
    ...(batch.assistantId
      ? ['', l10n.t('Assistant: {0}', `\`${batch.assistantId.replace(/`/g, "'")}\``)]
      : []),
  ];
  const word =
    problem && stage === 'merging'
      ? l10n.t({ message: 'Merge failed', comment: ['the state of a batch of orders'] })
      : merged
        ? l10n.t({ message: 'Merged into one CSV', comment: ['the state of a batch of orders'] })
        : progress.label;
  return {
    label: kind,
    // The state first, as an order row has it: the range is the part a narrow sidebar may cut.
    description: `${word} · ${range}`,
    icon: problem && stage === 'merging' ? STAGE_ICONS.failed : STAGE_ICONS[stage],
    tooltipMarkdown: lines.join('\n'),
    accessibilityLabel: l10n.t({
      message: '{0}, {1}, {2} orders: {3}',
      args: [kind, range, total, state],
      comment: ['read aloud: export kind, range of days, how many orders: their state'],
    }),
  };
}

export interface PartPresentation {
  readonly label: string;
  readonly description: string;
  readonly icon: OrderIcon;
  readonly tooltip: string;
}

/** A part with no listed order: not placed yet, refused, or its order deleted after the merge. */
export function presentPart(batch: Batch, index: number, locale?: string): PartPresentation {
  const part = batch.parts[index];
  const range = formatRange(part.window, locale);
  const words =
    part.state === 'done' && batch.merged
      ? l10n.t('merged; order deleted on the server')
      : partWords(part.state);
  return {
    label: l10n.t({
      message: 'Part {0} of {1}',
      args: [index + 1, batch.parts.length],
      comment: ['one order of a batch of orders'],
    }),
    description: `${range} · ${words}`,
    icon:
      part.state === 'failed'
        ? { id: 'error', color: 'testing.iconFailed' }
        : part.state === 'done'
          ? { id: 'pass', color: 'testing.iconPassed' }
          : { id: 'circle-outline' },
    tooltip: part.problem
      ? l10n.t({
          message: '{0}: {1}. {2}',
          args: [range, words, part.problem],
          comment: ['a range of days: the state of that part. What went wrong'],
        })
      : l10n.t({
          message: '{0}: {1}',
          args: [range, words],
          comment: ['a range of days: the state of that part'],
        }),
  };
}
