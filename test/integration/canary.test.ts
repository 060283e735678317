// The run's canary token (test/harness/canaryScan.mjs): proves the fake server's good token IS the canary the
// harness searches for afterwards, and that the installed extension really signs in with it; and, for every
// test of every suite (a root-level hook), records the messages the extension showed, for that search.
// Evidence goes to $UA_TEST_EVIDENCE_DIR; under @vscode/test-electron (no harness) nothing is written.
import * as assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UniqueAnalyticsTestApi } from '../../src/extension';
import type { ShownMessage } from '../../src/vscode/notifier';
import { CANARY_ENV } from '../fakeServer/server';
import { EXTENSION_ID, connect } from './support/extension';
import { useFakeServer } from './support/fixtures';

const EVIDENCE_ENV = 'UA_TEST_EVIDENCE_DIR';
const evidence = process.env[EVIDENCE_ENV];
const recorded = new WeakSet<ShownMessage>();

// Root level: runs after each test of every suite. The Notifier keeps only its last 50 messages, so they are
// collected as they come rather than once at the end.
afterEach(function () {
  const ext = vscode.extensions.getExtension<UniqueAnalyticsTestApi>(EXTENSION_ID);
  if (!evidence || !ext?.isActive) return;
  const fresh = ext.exports.messages().filter((m) => !recorded.has(m));
  for (const m of fresh) recorded.add(m);
  const lines = fresh.map((m) => JSON.stringify({ test: this.currentTest?.fullTitle(), ...m }));
  if (lines.length) appendFileSync(path.join(evidence, 'messages.jsonl'), lines.join('\n') + '\n');
});

describe('canary token', function () {
  this.timeout(60_000);
  // No unfinished orders: signing in leaves the poller idle, so the next suite's first poll need not wait out
  // a regular poll's 10 s floor (index.ts runs this suite early for that).
  const fx = useFakeServer({ seed: 'empty' });

  it("is the fake server's good token, and the installed extension signs in with it", async () => {
    const canary = process.env[CANARY_ENV];
    const { api, server } = fx;
    // assert.ok, not equal: a failure message must not quote a token.
    if (canary)
      assert.ok(
        server.token === canary,
        "a fake server's default token is not the harness's canary",
      );
    await connect(api, server);
    const uses = server.tokenUses(server.token);
    assert.ok(uses > 0, 'the extension sent the token to the fake server');
    assert.ok(
      server.requests.some((r) => r.authorization === 'valid'),
      'the fake server accepted the token it was sent',
    );
    if (evidence)
      writeFileSync(
        path.join(evidence, 'canary-proof.json'),
        JSON.stringify({
          tokenIsCanary: canary !== undefined && server.token === canary,
          requestsWithIt: uses,
        }),
      );
  });
});
