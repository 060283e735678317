// Resident memory of a process from Linux's /proc/<pid>/status (VmRSS now, VmHWM the peak), and a way
// for a process to reset its own peak so VmHWM covers only what follows (Linux >= 4.0, clear_refs 5).

import { readFileSync, writeFileSync } from 'node:fs';

export interface Resident {
  /** Resident set size now, bytes. */
  readonly rss: number;
  /** Peak resident set size ("high water mark"), bytes. */
  readonly hwm: number;
}

/** Undefined once the process is gone (or on a system without /proc). */
export function residentOf(pid: number | 'self'): Resident | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string): number | undefined => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const rss = kb('VmRSS');
  const hwm = kb('VmHWM');
  return rss === undefined || hwm === undefined ? undefined : { rss, hwm };
}

/** User + system CPU time of a process so far, ms (from /proc/<pid>/stat, 100 ticks per second). */
export function cpuMsOf(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the parenthesised command name (which may contain spaces): utime is the 14th field.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks * 10 : undefined;
}

/** Resets this process's VmHWM to its current RSS. False where the kernel does not allow it. */
export function resetOwnPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Samples a child every `everyMs` until stopped: the largest VmRSS, the last VmHWM and CPU time seen. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peakRss = 0;
  lastHwm = 0;
  /** CPU time at the last sample (up to one interval short of the total). */
  lastCpuMs = 0;
  samples = 0;

  constructor(
    private readonly pid: number,
    everyMs: number,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): void {
    const r = residentOf(this.pid);
    if (!r) return;
    this.samples++;
    this.peakRss = Math.max(this.peakRss, r.rss);
    this.lastHwm = Math.max(this.lastHwm, r.hwm);
    this.lastCpuMs = cpuMsOf(this.pid) ?? this.lastCpuMs;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

export const MB = 1024 * 1024;

/** Busy and total CPU time of the whole machine so far, ms (first line of /proc/stat, 100 ticks per second). */
export function machineCpuMs(): { busy: number; total: number } | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  // cpu  user nice system idle iowait irq softirq steal ...
  const ticks = text.slice(0, text.indexOf('\n')).trim().split(/\s+/).slice(1, 9).map(Number);
  if (ticks.length < 8 || ticks.some((t) => !Number.isFinite(t))) return undefined;
  const idle = ticks[3] + ticks[4];
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) * 10, total: total * 10 };
}
