// What an order row shows: label, description, icon, tooltip (Markdown) and screen-reader label, as
// plain data the adapter turns into a TreeItem. Server-sent text is escaped; time and zone are injected.

import * as l10n from '@vscode/l10n';
import { dateTimeFormat, formatRange, type DateRange } from '../dateRange';
import type { FormulaCellReport } from '../csv/formulaCells';
import { assertNever } from '../errors';
import { displayLocale } from '../l10n/locale';
import { maskEmails } from '../trust/maskEmails';
import { isFinal, orderDateRange, stateLabel, typeLabel, type Order } from './order';

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
  /** Cells of that file a spreadsheet would run as formulas, when counted. */
  readonly formulaCells?: FormulaCellReport;
  /** Show e-mail addresses masked (the `maskEmails` setting). */
  readonly maskEmails?: boolean;
}

export interface PresentOptions {
  /** Current time (ms since epoch), for "for 3 min". */
  readonly now: number;
  /** IANA zone for local times; default: this machine's. */
  readonly timeZone?: string;
  /** BCP 47 tag (vscode.env.language) for dates; default en-GB. */
  readonly locale?: string;
}

/** Said in the tooltip of a downloaded file that holds cells a spreadsheet would run as formulas. */
export function formulaWarning(f: FormulaCellReport): string {
  const line = f.firstRecord;
  if (f.cells === 1)
    return line === undefined
      ? l10n.t({
          message:
            '⚠ 1 cell starts with =, +, -, @, a tab or a line break: Excel and LibreOffice would run them as formulas. To open it there, use **Save CSV As (Spreadsheet-Safe)…**.',
          comment: ['Markdown; the bold text is the title of a command in the menu'],
        })
      : l10n.t({
          message:
            '⚠ 1 cell starts with =, +, -, @, a tab or a line break (the first in line {line}): Excel and LibreOffice would run them as formulas. To open it there, use **Save CSV As (Spreadsheet-Safe)…**.',
          args: { line },
          comment: ['Markdown; the bold text is the title of a command in the menu'],
        });
  const cells = f.cells.toLocaleString(displayLocale());
  return line === undefined
    ? l10n.t({
        message:
          '⚠ {cells} cells start with =, +, -, @, a tab or a line break: Excel and LibreOffice would run them as formulas. To open it there, use **Save CSV As (Spreadsheet-Safe)…**.',
        args: { cells },
        comment: ['Markdown; the bold text is the title of a command in the menu'],
      })
    : l10n.t({
        message:
          '⚠ {cells} cells start with =, +, -, @, a tab or a line break (the first in line {line}): Excel and LibreOffice would run them as formulas. To open it there, use **Save CSV As (Spreadsheet-Safe)…**.',
        args: { cells, line },
        comment: ['Markdown; the bold text is the title of a command in the menu'],
      });
}

export function presentOrder(
  order: Order,
  local: PresentLocalFacts,
  opts: PresentOptions,
): OrderPresentation {
  const locale = opts.locale ?? 'en-GB';
  const timeZone = usableTimeZone(opts.timeZone);
  const text = orderText(order, timeZone, locale);
  const downloaded = local.downloadedPath !== undefined;

  const state = l10n.t('State: {0}', escapeMarkdown(stateSince(order, opts.now)));
  const sections = [
    `${text.head}\n\n${text.idFact}  \n${state}${text.factsAfterState}`,
    ...text.middle,
  ];
  if (downloaded) sections.push(l10n.t('Saved as {0}', codeSpan(local.downloadedPath)));
  if (downloaded && local.formulaCells && local.formulaCells.cells > 0)
    sections.push(formulaWarning(local.formulaCells));
  if (text.unknown !== undefined) sections.push(text.unknown);

  return {
    label: text.label,
    description: text.description,
    icon: iconFor(order, downloaded),
    tooltipMarkdown: local.maskEmails ? maskEmails(sections.join('\n\n')) : sections.join('\n\n'),
    accessibilityLabel: downloaded
      ? text.spoken
        ? l10n.t({
            message: '{0}, downloaded',
            args: [text.spoken],
            comment: ['an order read aloud, then: its CSV is on disk'],
          })
        : l10n.t({ message: 'downloaded', comment: ['an order read aloud: its CSV is on disk'] })
      : text.spoken,
  };
}

/** What a row shows that depends only on the order, the zone and the locale (not on now or local files). */
interface OrderText {
  readonly timeZone: string;
  readonly locale: string;
  readonly label: string;
  readonly description: string;
  /** The screen-reader label without "downloaded". */
  readonly spoken: string;
  /** Tooltip heading: kind and range. */
  readonly head: string;
  readonly idFact: string;
  /** The facts after the state line, each led by a hard line break (or ''). */
  readonly factsAfterState: string;
  /** Sections between the facts and "Saved as": the window, or "Just started". */
  readonly middle: readonly string[];
  /** The last section: what the server sent that this version doesn't know. */
  readonly unknown?: string;
}

/**
 * Per order object, its text for the zone and locale last asked for. The tree re-reads every row whenever
 * rows are added (each "load more", each poll that changes the list), and the store keeps an unchanged
 * order's object, so only new or changed orders are formatted again: date formatting is most of a row's
 * cost. Orders are immutable values; a WeakMap holds nothing alive, so this cache is invisible.
 */
const orderTexts = new WeakMap<Order, OrderText>();

function orderText(order: Order, timeZone: string, locale: string): OrderText {
  const hit = orderTexts.get(order);
  if (hit && hit.timeZone === timeZone && hit.locale === locale) return hit;
  const text = buildOrderText(order, timeZone, locale);
  orderTexts.set(order, text);
  return text;
}

function buildOrderText(order: Order, timeZone: string, locale: string): OrderText {
  const label = typeLabel(order.type);
  const state = stateLabel(order.state);
  const range = orderDateRange(order);
  const rangeText = range ? formatRange(range, locale) : undefined;

  const when =
    rangeText ??
    (order.createdAt
      ? l10n.t({
          message: 'ordered {0}',
          args: [formatDay(order.createdAt, locale, timeZone)],
          comment: ['{0} is a day, e.g. "ordered 3 May 2024"'],
        })
      : '');
  // The state leads for any row that is not plainly done: a narrow sidebar truncates the end of a
  // description, and the state is what a person scans for; the range also sits in the tooltip.
  const description =
    order.state.known === 'DONE' ? when : [state, when].filter((s) => s !== '').join(' · ');
  const spoken = [label, range ? spokenRange(range, locale) : when, state]
    .filter((s) => s !== '')
    .join(', ');

  const head = `**${escapeMarkdown(label)}**${rangeText !== undefined ? ` · ${escapeMarkdown(rangeText)}` : ''}`;
  const zone = escapeMarkdown(timeZone);
  const facts: string[] = [];
  if (order.createdBy) facts.push(l10n.t('Ordered by: {0}', codeSpan(order.createdBy)));
  if (order.createdAt)
    facts.push(
      l10n.t({
        message: 'Created: {0} ({1})',
        args: [formatInstant(order.createdAt, timeZone), zone],
        comment: ['{0} is a date and time, {1} its time zone'],
      }),
    );
  if (order.updatedAt)
    facts.push(
      l10n.t({
        message: 'Updated: {0} ({1})',
        args: [formatInstant(order.updatedAt, timeZone), zone],
        comment: ['{0} is a date and time, {1} its time zone'],
      }),
    );

  const middle: string[] = [];
  if (order.optimistic) {
    middle.push(l10n.t('Just started: waiting for the server to list this order.'));
  } else if (order.window?.start || order.window?.end) {
    const { start, end } = order.window;
    const window = [
      l10n.t({
        message: 'Window (UTC): {0} – {1}',
        args: [start ? codeSpan(start) : '?', end ? codeSpan(end) : '?'],
        comment: ['the first and last instant the order covers'],
      }),
    ];
    // On a machine in UTC the local line would repeat the UTC one.
    if (!isUtc(timeZone))
      window.push(
        l10n.t({
          message: 'Window ({0}): {1} – {2}',
          args: [
            zone,
            start ? formatInstant(start, timeZone, true) : '?',
            end ? formatInstant(end, timeZone, true) : '?',
          ],
          comment: ['{0} is a time zone; the first and last instant the order covers'],
        }),
      );
    middle.push(lines(window));
  }

  const unknown: string[] = [];
  if (order.state.known === undefined) {
    unknown.push(
      order.state.raw
        ? l10n.t(
            "The server sent a state ({0}) this version of the extension doesn't know; it is shown as sent.",
            codeSpan(order.state.raw),
          )
        : l10n.t('The server sent no state for this order.'),
    );
  }
  if (order.type.known === undefined) {
    unknown.push(
      order.type.raw
        ? l10n.t(
            "The server sent an export type ({0}) this version of the extension doesn't know; it is shown as sent.",
            codeSpan(order.type.raw),
          )
        : l10n.t('The server sent no export type for this order.'),
    );
  }

  return {
    timeZone,
    locale,
    label,
    description,
    spoken,
    head,
    idFact: l10n.t({ message: 'ID: {0}', args: [codeSpan(order.id)], comment: ['the order id'] }),
    factsAfterState: facts.map((f) => `  \n${f}`).join(''),
    middle,
    unknown: unknown.length ? lines(unknown) : undefined,
  };
}

/**
 * "2 exports in progress": the status bar / badge text for unfinished orders. Not "running": queued
 * orders and states this version doesn't know count too.
 */
export function presentUnfinishedSummary(count: number): string {
  if (count <= 0) return l10n.t('No exports in progress');
  return count === 1
    ? l10n.t('1 export in progress')
    : l10n.t('{0} exports in progress', count.toLocaleString(displayLocale()));
}

function isUtc(timeZone: string): boolean {
  return /^(Etc\/)?(UTC|UCT|Universal|Zulu|GMT|Greenwich)$/i.test(timeZone);
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

/** "Running for 3 min", "Done 2 h ago", or just the state when the server sent no usable time. */
function stateSince(order: Order, now: number): string {
  const state = stateLabel(order.state);
  const since = Date.parse(order.stateUpdatedAt ?? order.updatedAt ?? order.createdAt ?? '');
  if (Number.isNaN(since)) return state;
  const span = formatDuration(now - since);
  return isFinal(order.state)
    ? l10n.t({
        message: '{state} {duration} ago',
        args: { state, duration: span },
        comment: ['an order state and since when, e.g. "Done 3 min ago"'],
      })
    : l10n.t({
        message: '{state} for {duration}',
        args: { state, duration: span },
        comment: ['an order state and how long so far, e.g. "Running for 3 min"'],
      });
}

/** A rough, readable span: "less than a minute", "3 min", "2 h 5 min", "3 days". Negative (clock skew) counts as 0. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return l10n.t('less than a minute');
  if (minutes < 60) return l10n.t('{0} min', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24)
    return minutes % 60 ? l10n.t('{0} h {1} min', hours, minutes % 60) : l10n.t('{0} h', hours);
  const days = Math.floor(hours / 24);
  return days === 1 ? l10n.t('1 day') : l10n.t('{0} days', days);
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

let machineZone: string | undefined;
/** Remembered answer for the last requested zone: the tree asks once per row, always with the same zone. */
let lastZone: { readonly requested: string; readonly usable: string } | undefined;

function usableTimeZone(requested: string | undefined): string {
  // Read once: resolving the default zone builds a formatter, and it does not change while we run.
  machineZone ??= new Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!requested) return machineZone;
  if (lastZone?.requested === requested) return lastZone.usable;
  let usable = machineZone;
  try {
    dateTimeFormat('en-US', INSTANT_FORMAT, requested);
    usable = requested;
  } catch {
    // not a zone this runtime knows: the machine's
  }
  lastZone = { requested, usable };
  return usable;
}

const INSTANT_FORMAT: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};
const INSTANT_MS_FORMAT: Intl.DateTimeFormatOptions = {
  ...INSTANT_FORMAT,
  fractionalSecondDigits: 3,
};
const DAY_FORMAT: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

/** `2024-06-02 21:18:57` (or with `.959` milliseconds) in `timeZone`; the input as sent if it is not a date. */
export function formatInstant(iso: string, timeZone: string, withMillis = false): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return codeSpan(iso);
  const format = dateTimeFormat('en-US', withMillis ? INSTANT_MS_FORMAT : INSTANT_FORMAT, timeZone);
  // `format` is about 3x cheaper than `formatToParts` (4 instants per row): its en-US text is read only
  // when this formatter's shape was checked against its parts, and only when it matches the shape.
  let shapeOk = usShapeOk.get(format);
  if (shapeOk === undefined) {
    shapeOk =
      fromUsInstant(format.format(SHAPE_SAMPLE), withMillis) ===
      fromInstantParts(format, SHAPE_SAMPLE, withMillis);
    usShapeOk.set(format, shapeOk);
  }
  return (
    (shapeOk ? fromUsInstant(format.format(t), withMillis) : undefined) ??
    fromInstantParts(format, t, withMillis)
  );
}

const usShapeOk = new WeakMap<Intl.DateTimeFormat, boolean>();
const SHAPE_SAMPLE = Date.UTC(2024, 10, 25, 13, 4, 5, 678);
const US_INSTANT = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?$/;

function fromUsInstant(text: string, withMillis: boolean): string | undefined {
  const m = US_INSTANT.exec(text);
  if (!m || (withMillis && m[7] === undefined)) return undefined;
  return `${m[3]}-${m[1]}-${m[2]} ${m[4]}:${m[5]}:${m[6]}${withMillis ? `.${m[7]}` : ''}`;
}

function fromInstantParts(format: Intl.DateTimeFormat, t: number, withMillis: boolean): string {
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(t)) p[part.type] = part.value;
  const millis = withMillis ? `.${p.fractionalSecond ?? ''}` : '';
  return `${p.year ?? ''}-${p.month ?? ''}-${p.day ?? ''} ${p.hour ?? ''}:${p.minute ?? ''}:${p.second ?? ''}${millis}`;
}

function formatDay(iso: string, locale: string, timeZone: string): string {
  return dateTimeFormat(locale, DAY_FORMAT, timeZone).format(new Date(iso));
}

const SPOKEN_DAY_FORMAT: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
};

/** "3 May 2024 to 2 June 2024": no dashes or dots for a screen reader to spell out. */
function spokenRange(range: DateRange, locale: string): string {
  const format = dateTimeFormat(locale, SPOKEN_DAY_FORMAT);
  const day = (d: string): string => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isNaN(t) ? d : format.format(t);
  };
  return range.start === range.end
    ? day(range.start)
    : l10n.t({
        message: '{0} to {1}',
        args: [day(range.start), day(range.end)],
        comment: ['a range of days read aloud, e.g. "3 May 2024 to 2 June 2024"'],
      });
}
