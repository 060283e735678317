// Just enough of LevelDB's on-disk formats to read what Chromium keeps in its profile (Local Storage, IndexedDB)
// for the canary scan: write-ahead .log records with the file offset of every byte, and .ldb table blocks
// unpacked from Snappy. Read-only; checksums are not verified (a damaged file is read as far as it goes).

const BLOCK = 32768; // log files are cut into 32 KiB blocks, each record fragment with a 7-byte header
const FULL = 1;
const FIRST = 2;
const MIDDLE = 3;
const LAST = 4;

/**
 * The logical records of a LevelDB .log file. `at(i)` maps byte `i` of `data` back to its offset in the file
 * (a record may be split over blocks, with headers in between).
 * @param {Buffer} buf the whole file
 * @returns {{ data: Buffer, at: (i: number) => number }[]}
 */
export function logRecords(buf) {
  const records = [];
  let parts = [];
  let pos = 0;
  const emit = () => {
    const segs = [];
    let logical = 0;
    for (const p of parts) {
      segs.push({ logical, file: p.file, length: p.data.length });
      logical += p.data.length;
    }
    const data = Buffer.concat(parts.map((p) => p.data));
    const at = (i) => {
      const s = segs.findLast((x) => x.logical <= i) ?? segs[0];
      return s.file + (i - s.logical);
    };
    records.push({ data, at });
    parts = [];
  };
  while (pos + 7 <= buf.length) {
    const left = BLOCK - (pos % BLOCK);
    if (left < 7) {
      pos += left; // block trailer: zero padding
      continue;
    }
    const length = buf.readUInt16LE(pos + 4);
    const type = buf[pos + 6];
    if (type === 0 && length === 0) {
      pos += left; // pre-allocated zeros or padding up to the next block
      continue;
    }
    const start = pos + 7;
    if (length > left - 7 || start + length > buf.length) break; // torn write at the end
    const fragment = { file: start, data: buf.subarray(start, start + length) };
    if (type === FULL) {
      parts = [fragment];
      emit();
    } else if (type === FIRST) parts = [fragment];
    else if (type === MIDDLE && parts.length) parts.push(fragment);
    else if (type === LAST && parts.length) {
      parts.push(fragment);
      emit();
    } else parts = [];
    pos = start + length;
  }
  return records;
}

/** Reads a varint32/64 (as a JS number) at `pos`; returns [value, next position]. */
export function varint(buf, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new RangeError('varint runs past the end');
    const b = buf[pos++];
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [value, pos];
    shift += 7;
  }
}

/**
 * The puts and deletes of one write batch (a log record's data): key and value with their offsets in `data`.
 * @param {Buffer} data
 * @returns {{ key: Buffer, value?: Buffer, valueStart?: number }[]}
 */
export function batchEntries(data) {
  const out = [];
  if (data.length < 12) return out;
  const count = data.readUInt32LE(8);
  let pos = 12;
  try {
    for (let n = 0; n < count && pos < data.length; n++) {
      const tag = data[pos++];
      let len;
      [len, pos] = varint(data, pos);
      const key = data.subarray(pos, pos + len);
      pos += len;
      if (tag === 1) {
        [len, pos] = varint(data, pos);
        out.push({ key, value: data.subarray(pos, pos + len), valueStart: pos });
        pos += len;
      } else if (tag === 0) out.push({ key });
      else break;
    }
  } catch {
    /* a truncated batch: keep what was read */
  }
  return out;
}

/**
 * Snappy raw-format decompression (LevelDB compresses table blocks with it).
 * @param {Buffer} src
 * @returns {Buffer}
 */
export function snappyDecompress(src) {
  let [size, pos] = varint(src, 0);
  const out = Buffer.alloc(size);
  let o = 0;
  while (pos < src.length) {
    const tag = src[pos++];
    let len;
    let offset;
    switch (tag & 3) {
      case 0: {
        len = tag >> 2;
        if (len >= 60) {
          const bytes = len - 59;
          len = src.readUIntLE(pos, bytes);
          pos += bytes;
        }
        len += 1;
        src.copy(out, o, pos, pos + len);
        o += len;
        pos += len;
        continue;
      }
      case 1:
        len = ((tag >> 2) & 7) + 4;
        offset = ((tag >> 5) << 8) | src[pos++];
        break;
      case 2:
        len = (tag >> 2) + 1;
        offset = src.readUInt16LE(pos);
        pos += 2;
        break;
      default:
        len = (tag >> 2) + 1;
        offset = src.readUInt32LE(pos);
        pos += 4;
    }
    if (offset === 0 || offset > o) throw new RangeError('snappy: bad copy offset');
    for (let i = 0; i < len; i++, o++) out[o] = out[o - offset]; // byte by byte: copies may overlap
  }
  if (o !== size) throw new RangeError('snappy: length mismatch');
  return out;
}

const TABLE_MAGIC = 0xdb4775248b80fb57n;

/** A table block (without its 5-byte trailer), unpacked when Snappy-compressed. */
function tableBlock(buf, offset, size) {
  const raw = buf.subarray(offset, offset + size);
  return buf[offset + size] === 1 ? snappyDecompress(raw) : raw;
}

/**
 * The data blocks of a LevelDB table (.ldb/.sst), as LevelDB reads them (unpacked); [] when the file is not a
 * table. Offsets are of the block in the file.
 * @param {Buffer} buf the whole file
 * @returns {{ offset: number, data: Buffer, compressed: boolean }[]}
 */
export function tableBlocks(buf) {
  if (buf.length < 48 || buf.readBigUInt64LE(buf.length - 8) !== TABLE_MAGIC) return [];
  const footer = buf.subarray(buf.length - 48);
  let pos = 0;
  let n;
  [n, pos] = varint(footer, pos); // metaindex handle: skipped
  [n, pos] = varint(footer, pos);
  const [indexOffset, p2] = varint(footer, pos);
  const [indexSize] = varint(footer, p2);
  const index = tableBlock(buf, indexOffset, indexSize);
  const restarts = index.readUInt32LE(index.length - 4);
  const end = index.length - 4 - 4 * restarts;
  const blocks = [];
  let key = Buffer.alloc(0);
  pos = 0;
  while (pos < end) {
    let shared;
    let unshared;
    let valueLength;
    [shared, pos] = varint(index, pos);
    [unshared, pos] = varint(index, pos);
    [valueLength, pos] = varint(index, pos);
    key = Buffer.concat([key.subarray(0, shared), index.subarray(pos, pos + unshared)]);
    pos += unshared;
    const [offset, q] = varint(index, pos);
    [n] = varint(index, q);
    pos += valueLength;
    blocks.push({ offset, data: tableBlock(buf, offset, n), compressed: buf[offset + n] === 1 });
  }
  return blocks;
}
