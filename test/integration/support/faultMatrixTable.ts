// The fault matrix's result table (operation × fault → pass / FAIL / n/a): collected cell by cell while
// faultMatrix.test.ts runs, printed at the end and written to a file, since the harness shows only test
// titles (the extension host's console reaches the terminal only with CS_VERBOSE=1).
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export type CellStatus = 'pass' | 'FAIL' | 'n/a' | 'not run';

export interface MatrixCell {
  readonly status: CellStatus;
  /** Footnote marker, e.g. "¹", explained below the table. */
  readonly mark?: string;
  readonly error?: string;
}

export class FaultMatrix {
  private readonly cells = new Map<string, MatrixCell>();
  private readonly notes: string[] = [];

  constructor(
    readonly operations: readonly string[],
    readonly faults: readonly string[],
  ) {}

  set(fault: string, operation: string, cell: MatrixCell): void {
    this.cells.set(`${fault}\u0000${operation}`, cell);
  }

  get(fault: string, operation: string): MatrixCell {
    return this.cells.get(`${fault}\u0000${operation}`) ?? { status: 'not run' };
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  counts(): Record<CellStatus, number> {
    const out: Record<CellStatus, number> = { pass: 0, FAIL: 0, 'n/a': 0, 'not run': 0 };
    for (const f of this.faults) for (const o of this.operations) out[this.get(f, o).status]++;
    return out;
  }

  /** Faults down, operations across, in aligned columns; failures listed below with their first error line. */
  render(title: string): string {
    const header = ['fault \\ operation', ...this.operations];
    const rows = this.faults.map((f) => [
      f,
      ...this.operations.map((o) => {
        const c = this.get(f, o);
        return `${c.status}${c.mark ?? ''}`;
      }),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    const c = this.counts();
    const out = [
      title,
      '',
      line(header),
      `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
      ...rows.map(line),
      '',
      `cells: ${c.pass} pass, ${c.FAIL} FAIL, ${c['n/a']} n/a${c['not run'] ? `, ${c['not run']} not run` : ''}`,
      ...this.notes,
    ];
    for (const f of this.faults) {
      for (const o of this.operations) {
        const cell = this.get(f, o);
        if (cell.status === 'FAIL')
          out.push(`FAIL ${o} × ${f}: ${(cell.error ?? '').split('\n')[0]}`);
      }
    }
    return out.join('\n');
  }
}

/**
 * Writes the table to $FAULT_MATRIX_OUT, else to `<repoRoot>/out/test-results/fault-matrix-<VS Code version>.md`
 * (git-ignored; not out-test/, which every test build wipes, nor the harness's scratch folder, which a
 * green run deletes). Returns the path.
 */
export function writeMatrix(text: string, vscodeVersion: string, repoRoot: string): string {
  const file =
    process.env.FAULT_MATRIX_OUT ||
    path.join(repoRoot, 'out', 'test-results', `fault-matrix-${vscodeVersion}.md`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${text}\n`);
  return file;
}
