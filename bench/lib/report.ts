// What every benchmark prints: one `measure: value (target …) OK|MISSED` line per figure, the machine
// and its load, and a JSON copy in bench/results/ for the README table. A missed target never fails a run.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

export type Comparison = '>=' | '<=' | '==';

export interface Figure {
  readonly measure: string;
  readonly value: number;
  readonly unit: string;
  /** Absent for figures shown for context only. */
  readonly target?: { readonly op: Comparison; readonly value: number };
  readonly ok?: boolean;
  readonly note?: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function meets(value: number, op: Comparison, target: number): boolean {
  switch (op) {
    case '>=':
      return value >= target;
    case '<=':
      return value <= target;
    case '==':
      return value === target;
    default:
      return assertNever(op);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${String(x)}`);
}

/** Collects and prints the figures of one benchmark run. */
export class Report {
  readonly figures: Figure[] = [];
  private readonly startLoad = loadavg()[0];

  constructor(readonly bench: string) {
    console.log(`# ${bench}: ${machine()}`);
  }

  /** Prints `measure: value unit (target op t unit) OK|MISSED` and records it. */
  check(
    measure: string,
    value: number,
    unit: string,
    op: Comparison,
    target: number,
    digits = 1,
    note?: string,
  ): boolean {
    const ok = meets(value, op, target);
    const shown = `${fmt(value, digits)}${unit}`;
    const targetText = `${op === '==' ? '=' : op} ${fmt(target, digits)}${unit}`;
    console.log(
      `${measure}: ${shown} (target ${targetText}) ${ok ? 'OK' : 'MISSED'}${note ? `  [${note}]` : ''}`,
    );
    this.figures.push({
      measure,
      value,
      unit,
      target: { op, value: target },
      ok,
      ...(note ? { note } : {}),
    });
    return ok;
  }

  /** A figure without a target (context, breakdowns). */
  info(measure: string, value: number, unit: string, digits = 1, note?: string): void {
    console.log(`${measure}: ${fmt(value, digits)}${unit}${note ? `  [${note}]` : ''}`);
    this.figures.push({ measure, value, unit, ...(note ? { note } : {}) });
  }

  /** Writes bench/results/<bench>.json ($BENCH_RESULTS_DIR/ if set) and prints the load seen over the run. */
  save(extra: Record<string, unknown> = {}): void {
    const load = { start: round(this.startLoad, 2), end: round(loadavg()[0], 2) };
    console.log(`load average (1 min) at start ${load.start}, at end ${load.end}`);
    const dir = process.env.BENCH_RESULTS_DIR || join('bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${this.bench}.json`);
    const body = {
      bench: this.bench,
      when: new Date().toISOString(),
      machine: machine(),
      load,
      figures: this.figures,
      ...extra,
    };
    writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  }
}

function fmt(value: number, digits: number): string {
  return Number.isInteger(value) && digits > 0 && Math.abs(value) >= 1000
    ? String(value)
    : value.toFixed(digits);
}

export function machine(): string {
  const c = cpus();
  return `${c.length} cores (${c[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.versions.node}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

/** Runs a benchmark's main; a crash (not a missed target) exits non-zero so the smoke run notices. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(
        `benchmark crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      process.exit(1);
    },
  );
}
