// The export wizard's decisions (src/core/orders/exportWizardModel.ts): choices, defaults, validation, memory.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, rangeDays, validateRange } from '../../../src/core/dateRange';
import {
  defaultCustomEnd,
  defaultCustomStart,
  defaultKind,
  defaultPreset,
  kindChoices,
  presetChoices,
  readWizardMemory,
  rememberChoices,
  validateEndText,
  validateStartText,
  wizardTitle,
} from '../../../src/core/orders/exportWizardModel';
import { EXPORT_KINDS, exportKind } from '../../../src/core/orders/order';

const detailed = exportKind('CHAT_INTERACTION_DETAILED');
const chat = exportKind('CHAT_INTERACTION');
const today = '2024-06-15';

describe('export wizard model', () => {
  it('offers the four kinds with what they contain; detailed says 14 days', () => {
    const kinds = kindChoices();
    assert.deepEqual(
      kinds.map((k) => k.type),
      EXPORT_KINDS.map((k) => k.type),
    );
    for (const k of kinds) assert.ok(k.detail.length > 10, `${k.type} has a detail line`);
    assert.equal(
      kinds.find((k) => k.type === 'CHAT_INTERACTION_DETAILED')!.description,
      'up to 14 days',
    );
    assert.equal(kinds.find((k) => k.type === 'ACTIVE_USER')!.description, 'up to 365 days');
  });

  it('titles steps n/m, with 4 steps only for a custom range', () => {
    assert.equal(wizardTitle(1, undefined), 'Start Export (1/2)');
    assert.equal(wizardTitle(2, 'last7Days'), 'Start Export (2/2)');
    assert.equal(wizardTitle(3, 'custom'), 'Start Export (3/4)');
  });

  it('shows every preset with its concrete dates; too-long ones last, with their reason', () => {
    const choices = presetChoices(detailed, today);
    const last7 = choices.find((c) => c.id === 'last7Days')!;
    assert.equal(last7.disabledReason, undefined);
    assert.deepEqual(last7.range, { start: '2024-06-08', end: '2024-06-14' });
    assert.match(last7.description, /8.*14 Jun 2024 · 7 days/);
    const month = choices.find((c) => c.id === 'lastFullMonth')!;
    assert.match(month.disabledReason ?? '', /31 days.*at most 14 days/);
    const firstDisabled = choices.findIndex((c) => c.disabledReason);
    assert.ok(firstDisabled > 0);
    assert.ok(
      choices.slice(firstDisabled).every((c) => c.disabledReason),
      'disabled ones are grouped at the end',
    );
    assert.ok(
      choices.some((c) => c.id === 'custom' && !c.disabledReason && /14 days/.test(c.description)),
    );
    assert.ok(
      presetChoices(chat, today).every((c) => !c.disabledReason),
      'nothing is too long for 365 days',
    );
  });

  it('highlights the remembered preset only when the kind allows it', () => {
    assert.equal(
      defaultPreset(presetChoices(chat, today), { preset: 'lastFullQuarter' }),
      'lastFullQuarter',
    );
    assert.equal(
      defaultPreset(presetChoices(detailed, today), { preset: 'lastFullQuarter' }),
      'last7Days',
    );
    assert.equal(defaultPreset(presetChoices(detailed, today), {}), 'last7Days');
    assert.equal(defaultKind({}), 'CHAT_INTERACTION');
    assert.equal(defaultKind({ kind: 'ACTIVE_USER' }), 'ACTIVE_USER');
  });

  it('reads any memento content without throwing and keeps only valid parts', () => {
    assert.deepEqual(readWizardMemory(undefined), {});
    assert.deepEqual(readWizardMemory('junk'), {});
    assert.deepEqual(
      readWizardMemory({
        kind: 'NPS',
        preset: 'fortnight',
        customStart: '2024-13-01',
        customEnd: 5,
      }),
      {
        kind: undefined,
        preset: undefined,
        customStart: undefined,
        customEnd: undefined,
      },
    );
    assert.deepEqual(
      readWizardMemory({
        kind: 'ACTIVE_USER',
        preset: 'custom',
        customStart: '2024/5/3',
        customEnd: '2024-05-09',
      }),
      {
        kind: 'ACTIVE_USER',
        preset: 'custom',
        customStart: '2024-05-03',
        customEnd: '2024-05-09',
      },
    );
  });

  it('remembers custom dates, and keeps them when a preset is chosen later', () => {
    const m1 = rememberChoices({}, 'ACTIVE_USER', 'custom', {
      start: '2024-05-01',
      end: '2024-05-10',
    });
    assert.deepEqual(m1, {
      kind: 'ACTIVE_USER',
      preset: 'custom',
      customStart: '2024-05-01',
      customEnd: '2024-05-10',
    });
    const m2 = rememberChoices(m1, 'NPS' as never, 'yesterday', {
      start: '2024-06-14',
      end: '2024-06-14',
    });
    assert.equal(m2.customStart, '2024-05-01');
    assert.equal(m2.preset, 'yesterday');
    assert.deepEqual(
      readWizardMemory(JSON.parse(JSON.stringify(m1))),
      m1,
      'survives the memento round trip',
    );
  });

  it('prefills custom dates: remembered when still valid, else the last week', () => {
    assert.equal(defaultCustomStart(today, {}), '2024-06-08');
    assert.equal(defaultCustomStart(today, { customStart: '2024-01-02' }), '2024-01-02');
    assert.equal(
      defaultCustomStart(today, { customStart: '2024-07-01' }),
      '2024-06-08',
      'a future remembered start is not reused',
    );
    assert.equal(defaultCustomEnd(chat, today, '2024-06-08', {}), '2024-06-14');
    assert.equal(defaultCustomEnd(detailed, today, '2024-01-01', {}), '2024-01-14');
    assert.equal(
      defaultCustomEnd(chat, today, '2024-01-01', { customEnd: '2024-03-01' }),
      '2024-03-01',
    );
    assert.equal(
      defaultCustomEnd(detailed, today, '2024-01-01', { customEnd: '2024-03-01' }),
      '2024-01-14',
      'too long for detailed',
    );
    assert.equal(defaultCustomEnd(chat, today, today, {}), today);
  });

  it('the prefilled custom range is always valid for the kind', () => {
    const day = fc.integer({ min: -800, max: 0 }).map((d) => addDays(today, d));
    fc.assert(
      fc.property(
        fc.constantFrom(...EXPORT_KINDS),
        day,
        fc.option(day, { nil: undefined }),
        (kind, start, remembered) => {
          const end = defaultCustomEnd(kind, today, start, { customEnd: remembered });
          assert.equal(
            validateRange({ start, end }, { today, maxDays: kind.maxDays, kindLabel: kind.label }),
            undefined,
          );
          assert.ok(rangeDays({ start, end }) >= 1);
        },
      ),
    );
  });

  it('validates as the person types, with messages that say what to do', () => {
    assert.match(validateStartText('', today)!, /Enter a date/);
    assert.match(validateStartText('15.06.2024', today)!, /YYYY-MM-DD/);
    assert.match(validateStartText('2024-06-16', today)!, /in the future.*2024-06-15/);
    assert.equal(validateStartText(' 2024/6/1 ', today), undefined);
    assert.match(validateEndText('2024-05-01', '2024-06-01', chat, today)!, /after the end date/);
    assert.match(validateEndText('2024-06-30', '2024-06-01', detailed, today)!, /in the future/);
    assert.equal(
      validateEndText('2024-06-14', '2024-06-01', detailed, today),
      undefined,
      '14 days is allowed',
    );
    assert.match(
      validateEndText('2024-06-15', '2024-06-01', detailed, today)!,
      /at most 14 days per export; you chose 15/,
    );
    assert.equal(validateEndText('2024-06-15', '2023-06-17', chat, today), undefined, '364 days');
  });
});
