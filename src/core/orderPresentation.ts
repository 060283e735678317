// What an order row shows: label, description, icon, tooltip (Markdown) and screen-reader label, as
// plain data the adapter turns into a TreeItem. Server-sent text is escaped; time and zone are injected.

import { dateRangeFromWindow, formatRange, type DateRange } from './dateRange';
import { assertNever } from './errors';
import { isFinal, stateLabel, typeLabel, type Order } from './order';

export interface OrderIcon {
  /** A codicon id, e.g. `sync~spin`. */
  readonly id: string;
  /** A theme color id, e.g. `testing.iconPassed`. */
  readonly color?: string;
}

export interface OrderPresentation {
  readonly label: string;
  readonly description: string;
  readonly icon: OrderIcon;
  readonly tooltipMarkdown: string;
  readonly accessibilityLabel: string;
}

export interface PresentLocalFacts {
  /** Where the complete CSV is, when it is on disk. */
  readonly downloadedPath?: string;
}

export interface PresentOptions {
  /** Current time (ms since epoch), for "for 3 min". */
  readonly now: number;
  /** IANA zone for local times; default: this machine's. */
  readonly timeZone?: string;
  /** BCP 47 tag (vscode.env.language) for dates; default en-GB. */
  readonly locale?: string;
}

/**
 * The calendar days an order covers: for a placeholder the range that was requested, otherwise its
 * stored window read back in Zurich time (where the server turned days into instants).
 */
export function orderDateRange(order: Order): DateRange | undefined {
  return order.optimistic ? order.optimistic.requestedRange : dateRangeFromWindow(order.window);
}

export function presentOrder(order: Order, local: PresentLocalFacts, opts: PresentOptions): OrderPresentation {
  const locale = opts.locale ?? 'en-GB';
  const timeZone = usableTimeZone(opts.timeZone);
  const label = typeLabel(order.type);
  const state = stateLabel(order.state);
  const done = order.state.known === 'DONE';
  const downloaded = local.downloadedPath !== undefined;
  const range = orderDateRange(order);

  const when = range
    ? formatRange(range, locale)
    : order.createdAt
      ? `ordered ${formatDay(order.createdAt, locale, timeZone)}`
      : '';
  const description = done ? when : [when, state].filter((s) => s !== '').join(' · ');

  const spoken = [label, range ? spokenRange(range, locale) : when, state];
  if (downloaded) spoken.push('downloaded');

  return {
    label,
    description,
    icon: iconFor(order, downloaded),
    tooltipMarkdown: tooltip(order, local, opts.now, timeZone, locale),
    accessibilityLabel: spoken.filter((s) => s !== '').join(', '),
  };
}

/** "2 exports running": the status bar / badge tooltip for unfinished orders. */
export function presentUnfinishedSummary(count: number): string {
  if (count <= 0) return 'No exports running';
  return count === 1 ? '1 export running' : `${count} exports running`;
}

function iconFor(order: Order, downloaded: boolean): OrderIcon {
  const known = order.state.known;
  if (known === undefined) return { id: 'question' };
  switch (known) {
    case 'PENDING':
      return { id: 'clock' };
    case 'RUNNING':
      return { id: 'sync~spin' };
    case 'DONE':
      // Filled once the CSV is safely on disk, so "downloaded" is visible without hovering.
      return { id: downloaded ? 'pass-filled' : 'pass', color: 'testing.iconPassed' };
    case 'ERROR':
      return { id: 'error', color: 'testing.iconFailed' };
    default:
      return assertNever(known, 'order state');
  }
}

function tooltip(order: Order, local: PresentLocalFacts, now: number, timeZone: string, locale: string): string {
  const range = orderDateRange(order);
  const head = `**${escapeMarkdown(typeLabel(order.type))}**${range ? ` · ${escapeMarkdown(formatRange(range, locale))}` : ''}`;

  const facts: string[] = [`ID: ${codeSpan(order.id)}`, `State: ${escapeMarkdown(stateSince(order, now))}`];
  if (order.createdBy) facts.push(`Ordered by: ${codeSpan(order.createdBy)}`);
  if (order.createdAt) facts.push(`Created: ${formatInstant(order.createdAt, timeZone)} (${escapeMarkdown(timeZone)})`);
  if (order.updatedAt) facts.push(`Updated: ${formatInstant(order.updatedAt, timeZone)} (${escapeMarkdown(timeZone)})`);

  const sections = [head, lines(facts)];
  if (order.optimistic) {
    sections.push('Just started: waiting for the server to list this order.');
  } else if (order.window?.start || order.window?.end) {
    const { start, end } = order.window;
    sections.push(
      lines([
        `Window (UTC): ${start ? codeSpan(start) : '?'} – ${end ? codeSpan(end) : '?'}`,
        `Window (${escapeMarkdown(timeZone)}): ${start ? formatInstant(start, timeZone, true) : '?'} – ${end ? formatInstant(end, timeZone, true) : '?'}`,
      ]),
    );
  }
  if (local.downloadedPath !== undefined) sections.push(`Saved as ${codeSpan(local.downloadedPath)}`);

  const unknown: string[] = [];
  if (order.state.known === undefined) {
    unknown.push(
      order.state.raw
        ? `The server sent a state (${codeSpan(order.state.raw)}) this version of the extension doesn't know; it is shown as sent.`
        : `The server sent no state for this order.`,
    );
  }
  if (order.type.known === undefined) {
    unknown.push(
      order.type.raw
        ? `The server sent an export type (${codeSpan(order.type.raw)}) this version of the extension doesn't know; it is shown as sent.`
        : `The server sent no export type for this order.`,
    );
  }
  if (unknown.length) sections.push(lines(unknown));
  return sections.join('\n\n');
}

/** "Running for 3 min", "Done 2 h ago", or just the state when the server sent no usable time. */
function stateSince(order: Order, now: number): string {
  const state = stateLabel(order.state);
  const since = Date.parse(order.stateUpdatedAt ?? order.updatedAt ?? order.createdAt ?? '');
  if (Number.isNaN(since)) return state;
  const span = formatDuration(now - since);
  return isFinal(order.state) ? `${state} ${span} ago` : `${state} for ${span}`;
}

/** A rough, readable span: "less than a minute", "3 min", "2 h 5 min", "3 days". Negative (clock skew) counts as 0. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day' : `${days} days`;
}

/** Escapes every Markdown-significant character and folds line breaks, for server text inside Markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~&$:"']/g, '\\$&');
}

/** Text as an inline code span, safe whatever backticks it contains (CommonMark: a longer fence). */
export function codeSpan(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function lines(items: readonly string[]): string {
  // Two trailing spaces: a Markdown hard line break, so each fact stays on its own line.
  return items.join('  \n');
}

function usableTimeZone(requested: string | undefined): string {
  const machine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!requested) return machine;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: requested });
    return requested;
  } catch {
    return machine;
  }
}

/** `2024-06-02 21:18:57` (or with `.959` milliseconds) in `timeZone`; the input as sent if it is not a date. */
export function formatInstant(iso: string, timeZone: string, withMillis = false): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return codeSpan(iso);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(withMillis ? { fractionalSecondDigits: 3 } : {}),
  }).formatToParts(new Date(t));
  const p = (type: Intl.DateTimeFormatPartTypes): string => parts.find((x) => x.type === type)?.value ?? '';
  const millis = withMillis ? `.${p('fractionalSecond')}` : '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')}${millis}`;
}

function formatDay(iso: string, locale: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric', timeZone };
  try {
    return new Intl.DateTimeFormat(locale, options).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat('en-GB', options).format(new Date(iso));
  }
}

/** "3 May 2024 to 2 June 2024": no dashes or dots for a screen reader to spell out. */
function spokenRange(range: DateRange, locale: string): string {
  const day = (d: string): string => {
    const t = Date.parse(`${d}T00:00:00Z`);
    if (Number.isNaN(t)) return d;
    const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };
    try {
      return new Intl.DateTimeFormat(locale, options).format(t);
    } catch {
      return new Intl.DateTimeFormat('en-GB', options).format(t);
    }
  };
  return range.start === range.end ? day(range.start) : `${day(range.start)} to ${day(range.end)}`;
}
