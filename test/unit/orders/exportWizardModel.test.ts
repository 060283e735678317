// The export wizard's decisions (src/core/orders/exportWizardModel.ts): choices, defaults, validation, memory.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, rangeDays, validateRange } from '../../../src/core/dateRange';
import {
  assistantPrompt,
  assistantStep,
  canonicalAssistantId,
  defaultCustomEnd,
  defaultCustomStart,
  defaultKind,
  defaultPreset,
  exportRequestProblem,
  kindChoices,
  ordersNeeded,
  presetChoices,
  readWizardMemory,
  rememberChoices,
  validateAssistantIdText,
  validateEndText,
  validateStartText,
  wizardTitle,
} from '../../../src/core/orders/exportWizardModel';
import { EXPORT_KINDS, KNOWN_TYPES, exportKind } from '../../../src/core/orders/order';

const detailed = exportKind('CHAT_INTERACTION_DETAILED');
const chat = exportKind('CHAT_INTERACTION');
const today = '2024-06-15';

describe('export wizard model', () => {
  it('offers the four internal kinds on the internal surface; detailed says 14 days', () => {
    const kinds = kindChoices('internal');
    assert.deepEqual(
      kinds.map((k) => k.type),
      ['CHAT_INTERACTION', 'ACTIVE_USER', 'REFERENCE_STAT', 'CHAT_INTERACTION_DETAILED'],
    );
    for (const k of kinds) assert.ok(k.detail.length > 10, `${k.type} has a detail line`);
    assert.equal(
      kinds.find((k) => k.type === 'CHAT_INTERACTION_DETAILED')!.description,
      'up to 14 days',
    );
    assert.equal(kinds.find((k) => k.type === 'ACTIVE_USER')!.description, 'up to 365 days');
  });

  it('offers all nine kinds on the Public API, the internal four first, each with its limit', () => {
    const kinds = kindChoices('public');
    assert.deepEqual(
      kinds.map((k) => k.type),
      EXPORT_KINDS.map((k) => k.type),
    );
    assert.deepEqual([...kinds.map((k) => k.type)].sort(), [...KNOWN_TYPES].sort());
    assert.deepEqual(
      kinds.slice(0, 4).map((k) => k.type),
      kindChoices('internal').map((k) => k.type),
    );
    for (const k of kinds) {
      assert.ok(k.detail.length > 10, `${k.type} has a detail line`);
      assert.equal(
        k.description,
        k.type === 'CHAT_INTERACTION_DETAILED' ? 'up to 14 days' : 'up to 365 days',
      );
    }
    assert.equal(new Set(kinds.map((k) => k.label)).size, 9, 'labels are distinct');
  });

  it('titles steps n/m: 4 for a custom range, one more for the assistant on the Public API', () => {
    assert.equal(wizardTitle(1, undefined), 'Start Export (1/2)');
    assert.equal(wizardTitle(2, 'last7Days'), 'Start Export (2/2)');
    assert.equal(wizardTitle(3, 'custom'), 'Start Export (3/4)');
    assert.equal(wizardTitle(1, undefined, 'internal'), 'Start Export (1/2)');
    assert.equal(wizardTitle(1, undefined, 'public'), 'Start Export (1/3)');
    assert.equal(wizardTitle(2, 'yesterday', 'public'), 'Start Export (2/3)');
    assert.equal(
      wizardTitle(assistantStep('yesterday'), 'yesterday', 'public'),
      'Start Export (3/3)',
    );
    assert.equal(wizardTitle(3, 'custom', 'public'), 'Start Export (3/5)');
    assert.equal(wizardTitle(4, 'custom', 'public'), 'Start Export (4/5)');
    assert.equal(wizardTitle(assistantStep('custom'), 'custom', 'public'), 'Start Export (5/5)');
  });

  it('asks for an optional assistant id: trimmed, no spaces, at most 200 characters', () => {
    assert.match(assistantPrompt(), /Assistant \(space\) id — leave empty for all assistants/);
    assert.equal(validateAssistantIdText(''), undefined, 'empty: all assistants');
    assert.equal(validateAssistantIdText('   '), undefined);
    assert.equal(validateAssistantIdText('  space_abc123  '), undefined, 'trimmed');
    assert.equal(canonicalAssistantId('  space_abc123  '), 'space_abc123');
    assert.equal(canonicalAssistantId('  '), undefined);
    assert.match(validateAssistantIdText('space abc')!, /no spaces.*leave the box empty/);
    assert.match(validateAssistantIdText('space\tabc')!, /no spaces/);
    assert.match(validateAssistantIdText('space\u0000abc')!, /control character/);
    assert.equal(validateAssistantIdText('s'.repeat(200)), undefined, '200 is allowed');
    assert.match(
      validateAssistantIdText('s'.repeat(201))!,
      /at most 200 characters; this one has 201/,
    );
    assert.throws(() => canonicalAssistantId('a b'), /no spaces/);
  });

  it('shows every preset with its concrete dates; a longer one says how many orders it takes', () => {
    const choices = presetChoices(detailed, today);
    const last7 = choices.find((c) => c.id === 'last7Days')!;
    assert.equal(last7.disabledReason, undefined);
    assert.deepEqual(last7.range, { start: '2024-06-08', end: '2024-06-14' });
    assert.match(last7.description, /8.*14 Jun 2024 · 7 days$/);
    const month = choices.find((c) => c.id === 'lastFullMonth')!;
    assert.equal(month.disabledReason, undefined);
    assert.match(month.description, /31 days · 3 orders$/);
    assert.equal(ordersNeeded(detailed, month.range!), 3);
    assert.ok(
      choices.every((c) => !c.disabledReason),
      'every range can be ordered (split)',
    );
    assert.ok(choices.some((c) => c.id === 'custom' && /longer than 14 days/.test(c.description)));
    assert.ok(
      presetChoices(chat, today).every((c) => c.id === 'custom' || !/orders/.test(c.description)),
      'nothing is split for 365 days',
    );
  });

  it('highlights the remembered preset', () => {
    assert.equal(
      defaultPreset(presetChoices(chat, today), { preset: 'lastFullQuarter' }),
      'lastFullQuarter',
    );
    assert.equal(
      defaultPreset(presetChoices(detailed, today), { preset: 'lastFullQuarter' }),
      'lastFullQuarter',
    );
    assert.equal(defaultPreset(presetChoices(detailed, today), {}), 'last7Days');
    assert.equal(defaultKind({}, 'internal'), 'CHAT_INTERACTION');
    assert.equal(defaultKind({}, 'public'), 'CHAT_INTERACTION');
    assert.equal(defaultKind({ kinds: { internal: 'ACTIVE_USER' } }, 'internal'), 'ACTIVE_USER');
  });

  it('remembers the last kind per surface; a kind the surface cannot start is not highlighted', () => {
    const m1 = rememberChoices({}, 'public', 'NPS', 'yesterday', {
      start: '2024-06-14',
      end: '2024-06-14',
    });
    const m2 = rememberChoices(m1, 'internal', 'REFERENCE_STAT', 'last7Days', {
      start: '2024-06-08',
      end: '2024-06-14',
    });
    assert.deepEqual(m2.kinds, { public: 'NPS', internal: 'REFERENCE_STAT' });
    assert.equal(defaultKind(m2, 'public'), 'NPS');
    assert.equal(defaultKind(m2, 'internal'), 'REFERENCE_STAT');
    const back = readWizardMemory(JSON.parse(JSON.stringify(m2)));
    assert.deepEqual(back.kinds, { internal: 'REFERENCE_STAT', public: 'NPS' });
    // Hand-made: a public-only kind remembered for the internal surface is ignored, not thrown.
    assert.equal(defaultKind({ kinds: { internal: 'NPS' } }, 'internal'), 'CHAT_INTERACTION');
  });

  it('drops an unknown or unstartable remembered kind; reads the single kind of older versions', () => {
    assert.deepEqual(
      readWizardMemory({ kinds: { internal: 'NPS', public: 'SOMETHING_NEW' }, preset: 'yesterday' })
        .kinds,
      undefined,
    );
    assert.deepEqual(readWizardMemory({ kinds: { internal: 'ACTIVE_USER', public: 42 } }).kinds, {
      internal: 'ACTIVE_USER',
    });
    assert.deepEqual(readWizardMemory({ kinds: 'junk' }).kinds, undefined);
    assert.deepEqual(readWizardMemory({ kinds: null, kind: 'ACTIVE_USER' }).kinds, {
      internal: 'ACTIVE_USER',
    });
    assert.deepEqual(
      readWizardMemory({ kind: 'REFERENCE_STAT' }).kinds,
      { internal: 'REFERENCE_STAT' },
      'the one kind older versions stored was chosen on the internal surface',
    );
    assert.deepEqual(readWizardMemory({ kinds: { public: 'USER_CHAT_EXPORT' } }).kinds, {
      public: 'USER_CHAT_EXPORT',
    });
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
        kinds: undefined,
        preset: undefined,
        customStart: undefined,
        customEnd: undefined,
      },
      'NPS was never startable on the internal surface, the only one older versions had',
    );
    assert.deepEqual(
      readWizardMemory({
        kind: 'ACTIVE_USER',
        preset: 'custom',
        customStart: '2024/5/3',
        customEnd: '2024-05-09',
      }),
      {
        kinds: { internal: 'ACTIVE_USER' },
        preset: 'custom',
        customStart: '2024-05-03',
        customEnd: '2024-05-09',
      },
    );
  });

  it('remembers custom dates, and keeps them when a preset is chosen later', () => {
    const m1 = rememberChoices({}, 'internal', 'ACTIVE_USER', 'custom', {
      start: '2024-05-01',
      end: '2024-05-10',
    });
    assert.deepEqual(m1, {
      kinds: { internal: 'ACTIVE_USER' },
      preset: 'custom',
      customStart: '2024-05-01',
      customEnd: '2024-05-10',
    });
    const m2 = rememberChoices(m1, 'public', 'NPS', 'yesterday', {
      start: '2024-06-14',
      end: '2024-06-14',
    });
    assert.equal(m2.customStart, '2024-05-01');
    assert.equal(m2.preset, 'yesterday');
    assert.deepEqual(m2.kinds, { internal: 'ACTIVE_USER', public: 'NPS' });
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
    assert.equal(
      validateEndText('2024-06-15', '2024-06-01', detailed, today),
      undefined,
      'longer ranges are accepted: they become several orders',
    );
    assert.equal(validateEndText('2024-06-15', '2023-06-17', chat, today), undefined, '364 days');
  });

  it('checks a request given without the wizard against the surface before anything is sent', () => {
    const range = { start: '2024-06-01', end: '2024-06-07' };
    assert.equal(exportRequestProblem({ type: 'NPS', range }, 'public', today), undefined);
    assert.match(
      exportRequestProblem({ type: 'NPS', range }, 'internal', today)!,
      /Net promoter score can be ordered only through the Public API \(an environment with "surface": "public"\)/,
    );
    assert.equal(
      exportRequestProblem({ type: 'ACTIVE_USER', range, assistantId: 'space_1' }, 'public', today),
      undefined,
    );
    assert.match(
      exportRequestProblem(
        { type: 'ACTIVE_USER', range, assistantId: 'space_1' },
        'internal',
        today,
      )!,
      /assistant \(space\) id can be given only through the Public API/,
    );
    assert.match(
      exportRequestProblem({ type: 'ACTIVE_USER', range, assistantId: 'a b' }, 'public', today)!,
      /no spaces/,
    );
    assert.equal(
      exportRequestProblem({ type: 'ACTIVE_USER', range, assistantId: '  ' }, 'internal', today),
      undefined,
      'a blank id is no filter',
    );
    assert.match(
      exportRequestProblem(
        { type: 'CHAT_INTERACTION_DETAILED', range: { start: '2024-05-01', end: '2024-05-31' } },
        'public',
        today,
      )!,
      /at most 14 days/,
      'the table says 14 days for detailed interactions on either surface',
    );
    assert.equal(
      exportRequestProblem(
        { type: 'CHAT_INTERACTION_DETAILED', range: { start: '2024-05-01', end: '2024-05-31' } },
        'public',
        today,
        { split: true },
      ),
      undefined,
      'unless the caller splits it into a batch',
    );
    assert.match(
      exportRequestProblem(
        { type: 'MODEL_USAGE', range: { start: '2024-06-01', end: '2024-06-30' } },
        'public',
        today,
      )!,
      /future/,
    );
  });
});
