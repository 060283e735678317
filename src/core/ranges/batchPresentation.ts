// What a batch row and its part rows say: the kind and whole range, "4 of 7 done", an icon for the stage, and a
// tooltip that names each part's window and state. Pure, like orderPresentation.ts.

import { formatRange } from '../dateRange';
import { escapeMarkdown } from '../orders/orderPresentation';
import type { OrderIcon } from '../orders/orderPresentation';
import { findExportKind } from '../orders/order';
import { type Batch, batchProgress, batchStage, type PartState } from './batch';

export interface BatchPresentation {
  readonly label: string;
  readonly description: string;
  readonly icon: OrderIcon;
  readonly tooltipMarkdown: string;
  readonly accessibilityLabel: string;
}

const STAGE_WORDS = {
  placing: 'placing orders',
  running: 'running',
  failed: 'a part failed',
  merging: 'merging',
  merged: 'merged into one CSV',
} as const;

const STAGE_ICONS: Record<keyof typeof STAGE_WORDS, OrderIcon> = {
  placing: { id: 'sync~spin' },
  running: { id: 'sync~spin' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  merging: { id: 'loading~spin' },
  merged: { id: 'pass-filled', color: 'testing.iconPassed' },
};

const PART_WORDS: Record<PartState, string> = {
  planned: 'not placed yet',
  placed: 'running',
  done: 'done',
  failed: 'failed',
};

export function presentBatch(batch: Batch, locale?: string): BatchPresentation {
  const kind = findExportKind(batch.type)?.label ?? batch.type;
  const range = formatRange(batch.range, locale);
  const progress = batchProgress(batch);
  const stage = batchStage(batch);
  const problem = batch.problem && stage !== 'merged' ? batch.problem : undefined;
  const state = stage === 'merged' ? STAGE_WORDS.merged : progress.label;
  const capital = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);
  // Markdown line breaks (two spaces): one line per part, no list markers.
  const lines = [
    `**${escapeMarkdown(kind)}**, ${escapeMarkdown(range)}: ${progress.total} orders, one CSV`,
    '',
    `${escapeMarkdown(capital(state))}.${problem ? ` ${escapeMarkdown(problem)}` : ''}`,
    '',
    batch.parts
      .map(
        (p, i) =>
          `Part ${i + 1} · ${escapeMarkdown(formatRange(p.window, locale))}: ${PART_WORDS[p.state]}${p.problem ? ` (${escapeMarkdown(p.problem)})` : ''}`,
      )
      .join('  \n'),
    ...(batch.merged ? ['', `Merged file: \`${batch.merged.path.replace(/`/g, "'")}\``] : []),
    ...(batch.assistantId ? ['', `Assistant: \`${batch.assistantId.replace(/`/g, "'")}\``] : []),
  ];
  const word = problem && stage === 'merging' ? 'merge failed' : state;
  return {
    label: kind,
    // The state first, as an order row has it: the range is the part a narrow sidebar may cut.
    description: `${capital(word)} · ${range}`,
    icon: problem && stage === 'merging' ? STAGE_ICONS.failed : STAGE_ICONS[stage],
    tooltipMarkdown: lines.join('\n'),
    accessibilityLabel: `${kind}, ${range}, ${progress.total} orders: ${state}`,
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
      ? 'merged; order deleted on the server'
      : PART_WORDS[part.state];
  return {
    label: `Part ${index + 1} of ${batch.parts.length}`,
    description: `${range} · ${words}`,
    icon:
      part.state === 'failed'
        ? { id: 'error', color: 'testing.iconFailed' }
        : part.state === 'done'
          ? { id: 'pass', color: 'testing.iconPassed' }
          : { id: 'circle-outline' },
    tooltip: `${range}: ${words}${part.problem ? `. ${part.problem}` : ''}`,
  };
}
