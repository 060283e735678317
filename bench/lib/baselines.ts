// Baselines several benchmarks measure in their own run: the plain read of a file (the limit) and d3-dsv's bare
// parse of the whole file (the parser the table and the insights use), timed the same way everywhere.

import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { csvParseRows } from 'd3-dsv';
import { buildIndex } from '../../src/core/csv/rowIndex';
import { fileSource } from '../../src/core/csv/source';

const MiB = 2 ** 20;
const HWM = MiB;

export async function plainRead(path: string): Promise<number> {
  const t0 = performance.now();
  let bytes = 0;
  for await (const c of createReadStream(path, { highWaterMark: HWM }) as AsyncIterable<Buffer>)
    bytes += c.length;
  if (bytes === 0) throw new Error('empty file');
  return performance.now() - t0;
}

/**
 * d3-dsv's bare parse of the WHOLE file as the engine hands text to a parser: ~1 MiB strings of whole records
 * (cut by the row index, read and decoded outside the timing); only `csvParseRows` is timed. The strings are
 * made and parsed one at a time (the whole file as strings would need ~2 GiB of heap: "ü" makes them
 * two-byte strings).
 */
export async function d3Parse(path: string): Promise<{ ms: number; rows: number }> {
  const source = await fileSource(path);
  const index = buildIndex(source, { startAt: 3 });
  await index.finished;
  let ms = 0;
  let rows = 0;
  let row = 0;
  while (row < index.rowCount) {
    const start = index.rowStart(row);
    let end = row;
    while (end < index.rowCount && index.rowEnd(end) - start < MiB) end++;
    end = Math.max(end, row + 1);
    const text = (await source.read(start, index.rowEnd(end - 1) - start))
      .toString('utf8')
      .replace(/\r\n$/, '');
    const t0 = performance.now();
    rows += csvParseRows(text).length;
    ms += performance.now() - t0;
    row = end;
  }
  await source.close();
  if (rows !== index.rowCount)
    throw new Error(`d3-dsv saw ${rows} rows, the index ${index.rowCount}`);
  return { ms, rows };
}
