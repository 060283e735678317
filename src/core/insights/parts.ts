// The insights pass split over parts of the file, for both cores (perf-anchors.md: an analyst's alternative,
// DuckDB, uses every core). The file is cut at record boundaries found exactly by the parity of `"` counted from
// the header's end (RFC 4180: an LF after an even number of quotes ends a record), each part is computed by a
// recipe of its own (in a worker thread in the extension, `runPart`), and the parts' states are merged in file
// order into one recipe, which gives the same report as one pass (test/unit/insights/parts.test.ts). Only
// mergeable recipes (chat interactions) and UTF-8 files are split; everything else is one pass.

import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { dsvFormat } from 'd3-dsv';
import type { InsightsReport } from '../../shared/insightsMessages';
import { type CsvSource, fileSource } from '../csv/source';
import { type CsvDelimiter, sniff } from '../csv/sniff';
import { recognise } from './headers';
import { buildReport, computeInsightsWithBasis, type InsightsOptions, recipeFor } from './insights';
import { type CompareBasis, isMergeable } from './recipe';
import { countQuotes, streamRange, UnreadableCsvError } from './rowStream';

const LF = 0x0a;
/** A part smaller than this is not worth a thread. */
export const MIN_PART_BYTES = 16 << 20;

export interface PartSpec {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly delimiter: CsvDelimiter;
  readonly header: readonly string[];
  readonly orderType?: string;
}

export interface PartResult {
  readonly rows: number;
  readonly state: unknown;
}

/** Runs one part (in a worker thread in the extension); progress in bytes of the part. */
export type RunPart = (
  spec: PartSpec,
  onProgress: (bytes: number) => void,
  signal?: AbortSignal,
) => Promise<PartResult>;

export interface FilePlan {
  readonly header: string[];
  readonly delimiter: CsvDelimiter;
  /** [start, end) of each part, back to back from the first data row to the end of the file. */
  readonly ranges: [number, number][];
}

/**
 * Record boundaries at or after each target offset (ascending, all after `from`, which is a record start):
 * one forward read from `from`, counting quotes; the first LF at or after a target with an even count since
 * `from` ends a record. A target inside the last record gives `source.size`.
 */
export async function boundariesAfter(
  source: CsvSource,
  from: number,
  targets: readonly number[],
): Promise<number[]> {
  const out: number[] = [];
  let pos = from;
  let odd = false;
  let k = 0;
  for await (const chunk of source.stream(from)) {
    let i = 0;
    while (k < targets.length) {
      // A target before the last boundary found has that boundary too.
      const prev = out.at(-1);
      if (prev !== undefined && targets[k] < prev) {
        out.push(prev);
        k++;
        continue;
      }
      const t = targets[k] - pos;
      if (t >= chunk.length) break;
      if (t > i) {
        odd = odd !== (countQuotes(chunk, i, t) % 2 === 1);
        i = t;
      }
      let found = -1;
      for (;;) {
        const lf = chunk.indexOf(LF, i);
        const stop = lf === -1 ? chunk.length : lf;
        odd = odd !== (countQuotes(chunk, i, stop) % 2 === 1);
        i = lf === -1 ? chunk.length : lf + 1;
        if (lf === -1) break;
        if (!odd) {
          found = lf;
          break;
        }
      }
      if (found === -1) break;
      out.push(pos + found + 1);
      k++;
    }
    if (k >= targets.length) break;
    if (i < chunk.length) odd = odd !== (countQuotes(chunk, i, chunk.length) % 2 === 1);
    pos += chunk.length;
  }
  while (out.length < targets.length) out.push(source.size);
  return out;
}

/**
 * How to split the file into at most `parts` parts; undefined when it is not worth it or not possible (not
 * UTF-8, too small, no rows).
 */
export async function planParts(
  source: CsvSource,
  parts: number,
  minPartBytes = MIN_PART_BYTES,
): Promise<FilePlan | undefined> {
  const sniffed = await sniff(source);
  if (sniffed.kind !== 'ok' || sniffed.encoding !== 'utf-8') return undefined;
  // The header ends at the first record end.
  const [bodyStart] = await boundariesAfter(source, sniffed.bomBytes, [sniffed.bomBytes]);
  if (bodyStart >= source.size) return undefined;
  const n = Math.min(parts, Math.floor((source.size - bodyStart) / minPartBytes));
  if (n < 2) return undefined;
  const head = (await source.read(sniffed.bomBytes, bodyStart - sniffed.bomBytes)).toString('utf8');
  const header = dsvFormat(sniffed.delimiter).parseRows(head.replace(/\r?\n$/, ''))[0] ?? [];
  const step = (source.size - bodyStart) / n;
  const cuts = await boundariesAfter(
    source,
    bodyStart,
    Array.from({ length: n - 1 }, (_, k) => Math.floor(bodyStart + (k + 1) * step)),
  );
  const edges = [bodyStart, ...cuts, source.size];
  const ranges: [number, number][] = [];
  for (let k = 0; k < n; k++) if (edges[k + 1] > edges[k]) ranges.push([edges[k], edges[k + 1]]);
  return { header, delimiter: sniffed.delimiter, ranges };
}

/** One part's recipe state (what a worker thread runs). */
export async function computePart(
  spec: PartSpec,
  onProgress: (bytes: number) => void = () => undefined,
  signal?: AbortSignal,
): Promise<PartResult> {
  const recognition = recognise(spec.header, spec.orderType);
  const recipe = recipeFor(recognition, spec.header);
  if (!isMergeable(recipe)) throw new Error(`the ${recognition.kind} recipe cannot be split`);
  const source = await fileSource(spec.file);
  try {
    const rows = await streamRange(
      source,
      spec.start,
      spec.end,
      spec.delimiter,
      (cells) => recipe.add(cells),
      {
        ...(signal ? { signal } : {}),
        onProgress: (bytes) => onProgress(bytes),
        byteStrings: true,
      },
    );
    return { rows, state: recipe.state() };
  } finally {
    await source.close();
  }
}

export interface ParallelOptions extends InsightsOptions {
  /** Parts to split into (the number of cores). */
  readonly parts: number;
  readonly runPart: RunPart;
  /** Smallest part worth splitting off (tests split small files). */
  readonly minPartBytes?: number;
}

/** The insights of `file`, split over parts where that pays (else one pass, as computeInsightsWithBasis). */
export async function computeInsightsParallel(
  file: string,
  options: ParallelOptions,
): Promise<{ report: InsightsReport; basis?: CompareBasis; parts: number }> {
  const source = await fileSource(file);
  let plan: FilePlan | undefined;
  try {
    plan =
      options.parts > 1 ? await planParts(source, options.parts, options.minPartBytes) : undefined;
  } finally {
    await source.close();
  }
  const recognition = plan ? recognise(plan.header, options.orderType) : undefined;
  const recipe = plan && recognition ? recipeFor(recognition, plan.header) : undefined;
  if (!plan || !recognition || !recipe || !isMergeable(recipe) || plan.ranges.length < 2)
    return { ...(await computeInsightsWithBasis(file, options)), parts: 1 };
  const total = plan.ranges.reduce((s, [a, b]) => s + (b - a), 0);
  const done = plan.ranges.map(() => 0);
  const results = await Promise.all(
    plan.ranges.map(([start, end], k) =>
      options.runPart(
        {
          file,
          start,
          end,
          delimiter: plan.delimiter,
          header: plan.header,
          ...(options.orderType ? { orderType: options.orderType } : {}),
        },
        (bytes) => {
          done[k] = bytes;
          options.onProgress?.(
            done.reduce((s, v) => s + v, 0),
            total,
          );
        },
        options.signal,
      ),
    ),
  );
  options.signal?.throwIfAborted();
  for (const r of results) recipe.merge(r.state);
  const rows = results.reduce((s, r) => s + r.rows, 0);
  if (rows === 0)
    throw new UnreadableCsvError(l10n.t('The file has a header but no rows.'), 'headerOnly');
  const built = buildReport(recognition, plan.header, recipe.result(), {
    fileName: path.basename(file),
    bytes: source.size,
    rows,
  });
  return { ...built, parts: results.length };
}
