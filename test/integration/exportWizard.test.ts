// The "Start Export" wizard in a real VS Code: the real quick inputs, driven through the public API
// (active item, value) and the workbench's own quick-input commands (accept, back, close).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Surface } from '../../src/core/connections/environment';
import { WIZARD_MEMORY_KEY } from '../../src/core/orders/exportWizardModel';
import { runExportWizard } from '../../src/vscode/flows/exportWizard';
import type { ExportChoice } from '../../src/vscode/flows/exportWizard';

class MemoryMemento implements vscode.Memento {
  private readonly map = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.map.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.map.has(key) ? (this.map.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Thenable<void> {
    if (value === undefined) this.map.delete(key);
    else this.map.set(key, value);
    return Promise.resolve();
  }
}

/** Noon in Zurich on 15 June 2024: "Last 7 days" is 8-14 June. */
const NOW = new Date('2024-06-15T10:00:00Z');
// Updates from the extension host to the quick input are batched on a timer; give them time to land.
const SETTLE_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Seen {
  readonly title: string | undefined;
  readonly kind: 'pick' | 'box';
  readonly labels: string[];
  readonly active?: string;
  readonly value?: string;
}

type Action = (input: vscode.QuickInput) => Promise<void>;

const accept = () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');

function pick(labelPrefix: string): Action {
  return async (input) => {
    const qp = input as vscode.QuickPick<vscode.QuickPickItem>;
    const item = qp.items.find(
      (i) => i.label.startsWith(labelPrefix) || i.label.includes(`) ${labelPrefix}`),
    );
    assert.ok(item, `no item "${labelPrefix}" in ${qp.items.map((i) => i.label).join(' | ')}`);
    qp.activeItems = [item];
    await sleep(SETTLE_MS);
    await accept();
  };
}

function type(value: string): Action {
  return async (input) => {
    (input as vscode.InputBox).value = value;
    await sleep(SETTLE_MS);
    await accept();
  };
}

const back: Action = async () => {
  await vscode.commands.executeCommand('workbench.action.quickInputBack');
};
const escape: Action = async () => {
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
};

/** Runs the wizard; each time a quick input shows, the next action runs on it. */
async function drive(
  memento: vscode.Memento,
  actions: Action[],
  surface: Surface = 'internal',
): Promise<{ result: ExportChoice | undefined; seen: Seen[] }> {
  const seen: Seen[] = [];
  let next = 0;
  const errors: unknown[] = [];
  const result = await runExportWizard({
    surface,
    memento,
    now: () => NOW,
    onDidShow: (input) => {
      setTimeout(() => {
        const qp = 'items' in input ? (input as vscode.QuickPick<vscode.QuickPickItem>) : undefined;
        seen.push({
          title: input.title,
          kind: qp ? 'pick' : 'box',
          labels: qp ? qp.items.map((i) => i.label) : [],
          active: qp?.activeItems[0]?.label,
          value: qp ? undefined : (input as vscode.InputBox).value,
        });
        const action = actions[next++] ?? escape;
        action(input).catch((e: unknown) => {
          errors.push(e);
          return escape(input);
        });
      }, SETTLE_MS);
    },
  });
  if (errors.length > 0) throw errors[0];
  return { result, seen };
}

describe('flows: export wizard (real quick input)', function () {
  this.timeout(30_000);
  before(async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of [
      'workbench.action.acceptSelectedQuickOpenItem',
      'workbench.action.quickInputBack',
      'workbench.action.closeQuickOpen',
    ]) {
      assert.ok(all.includes(id), `VS Code has no command ${id}`);
    }
  });

  it('kind then preset: two steps, concrete dates, choices remembered', async () => {
    const memento = new MemoryMemento();
    const { result, seen } = await drive(memento, [pick('Active users'), pick('Last 7 days')]);
    assert.deepEqual(result, {
      type: 'ACTIVE_USER',
      range: { start: '2024-06-08', end: '2024-06-14' },
    });
    assert.deepEqual(
      seen.map((s) => s.title),
      ['Start Export (1/2)', 'Start Export (2/2)'],
    );
    assert.deepEqual(seen[0].labels, [
      'Chat interactions',
      'Active users',
      'Reference statistics',
      'Detailed user interactions',
    ]);
    assert.deepEqual(memento.get(WIZARD_MEMORY_KEY), {
      kinds: { internal: 'ACTIVE_USER' },
      preset: 'last7Days',
      customStart: undefined,
      customEnd: undefined,
    });

    const second = await drive(memento, [pick('Active users'), pick('Yesterday')]);
    assert.equal(second.seen[0].active, 'Active users', 'the last kind is highlighted');
    assert.equal(second.seen[1].active, 'Last 7 days', 'the last preset is highlighted');
    assert.deepEqual(second.result?.range, { start: '2024-06-14', end: '2024-06-14' });
  });

  it('a range longer than one order ends on a confirm step: Change the range goes back, Place orders ends', async () => {
    const { result, seen } = await drive(new MemoryMemento(), [
      pick('Detailed user interactions'),
      pick('Last full quarter'),
      async (input) => {
        const qp = input as vscode.QuickPick<vscode.QuickPickItem>;
        assert.equal(qp.placeholder, 'At most 14 days per order: 7 orders, one CSV');
        assert.equal(
          qp.items[0].detail,
          '7 orders of up to 14 days, placed 10 s apart (about 1 min in all), then merged into one CSV.',
        );
        await pick('Change the range')(input);
      },
      pick('Last full quarter'),
      pick('Place 7 orders'),
    ]);
    assert.deepEqual(
      seen.map((s) => s.title),
      [
        'Start Export (1/2)',
        'Start Export (2/2)',
        'Start Export: one range, several orders',
        'Start Export (2/2)',
        'Start Export: one range, several orders',
      ],
    );
    assert.deepEqual(result, {
      type: 'CHAT_INTERACTION_DETAILED',
      range: { start: '2024-01-01', end: '2024-03-31' },
    });
  });

  it('custom range: four steps, inline validation blocks bad dates, Back keeps what was typed', async () => {
    const memento = new MemoryMemento();
    const { result, seen } = await drive(memento, [
      pick('Detailed user interactions'),
      pick('Custom range'),
      async (input) => {
        const box = input as vscode.InputBox;
        await type('2024-13-01')(input);
        await sleep(SETTLE_MS);
        assert.match(box.validationMessage as string, /no month 13/);
        await type('2024-05-01')(input);
      },
      // End step: check the prefill (14 days from the start), then go back.
      back,
      // Start step again, showing what was accepted.
      type('2024-05-01'),
      async (input) => {
        const box = input as vscode.InputBox;
        await type('2024-04-30')(input);
        await sleep(SETTLE_MS);
        assert.match(box.validationMessage as string, /is after the end date 2024-04-30/);
        await type('2024-05-10')(input);
      },
    ]);
    assert.deepEqual(
      seen.map((s) => s.title),
      [
        'Start Export (1/2)',
        'Start Export (2/2)',
        'Start Export (3/4)',
        'Start Export (4/4)',
        'Start Export (3/4)',
        'Start Export (4/4)',
      ],
    );
    assert.equal(seen[2].value, '2024-06-08', 'start prefilled with a week before yesterday');
    assert.equal(seen[3].value, '2024-05-14', 'end prefilled with the longest allowed range');
    assert.equal(seen[4].value, '2024-05-01', 'Back shows the accepted start');
    assert.deepEqual(result, {
      type: 'CHAT_INTERACTION_DETAILED',
      range: { start: '2024-05-01', end: '2024-05-10' },
    });
    assert.deepEqual(memento.get(WIZARD_MEMORY_KEY), {
      kinds: { internal: 'CHAT_INTERACTION_DETAILED' },
      preset: 'custom',
      customStart: '2024-05-01',
      customEnd: '2024-05-10',
    });
  });

  it('Public API: nine kinds, then an optional assistant id as the last step (3/3)', async () => {
    const memento = new MemoryMemento();
    const { result, seen } = await drive(
      memento,
      [
        pick('Net promoter score'),
        pick('Yesterday'),
        async (input) => {
          const box = input as vscode.InputBox;
          await type('space 42')(input);
          await sleep(SETTLE_MS);
          assert.match(box.validationMessage as string, /no spaces/);
          await type('  space_42  ')(input);
        },
      ],
      'public',
    );
    assert.deepEqual(
      seen.map((s) => s.title),
      ['Start Export (1/3)', 'Start Export (2/3)', 'Start Export (3/3)'],
    );
    assert.deepEqual(seen[0].labels, [
      'Chat interactions',
      'Active users',
      'Reference statistics',
      'Detailed user interactions',
      'Ingestion statistics',
      'Model usage',
      'Net promoter score',
      'Product metrics',
      'User chat export',
    ]);
    assert.equal(seen[2].kind, 'box');
    assert.equal(seen[2].value, '', 'the assistant box starts empty: all assistants');
    assert.deepEqual(result, {
      type: 'NPS',
      range: { start: '2024-06-14', end: '2024-06-14' },
      assistantId: 'space_42',
    });
    assert.deepEqual((memento.get(WIZARD_MEMORY_KEY) as { kinds?: unknown }).kinds, {
      public: 'NPS',
    });

    // An empty box means all assistants; the internal surface keeps its own last kind (none yet).
    const again = await drive(
      memento,
      [pick('Net promoter score'), pick('Yesterday'), type('')],
      'public',
    );
    assert.equal(again.seen[0].active, 'Net promoter score', 'the last public kind is highlighted');
    assert.deepEqual(again.result, {
      type: 'NPS',
      range: { start: '2024-06-14', end: '2024-06-14' },
    });
    const internal = await drive(memento, [escape]);
    assert.equal(internal.seen[0].labels.length, 4, 'the internal surface offers its four kinds');
    assert.equal(internal.seen[0].active, 'Chat interactions');
  });

  it('Escape ends the wizard with nothing chosen and nothing remembered', async () => {
    const memento = new MemoryMemento();
    const { result, seen } = await drive(memento, [pick('Chat interactions'), escape]);
    assert.equal(result, undefined);
    assert.equal(seen.length, 2);
    assert.equal(memento.get(WIZARD_MEMORY_KEY), undefined);
  });
});
