// Shared steps of the adapter's integration suites (not a suite itself): activate the installed
// extension, point it at a fake server through the real settings and commands, wait for it, reset it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  CommandIds,
  EXTENSION_ID_PREFIX,
  SettingKeys,
  type SettingKey,
} from '../../../src/core/ids';
import type { UniqueAnalyticsTestApi } from '../../../src/extension';
import { CANARY_ENV, type FakeServer } from '../../fakeServer/server';

export const EXTENSION_ID = 'unique-analytics-tools.unique-analytics';

export async function activateExtension(): Promise<UniqueAnalyticsTestApi> {
  const ext = vscode.extensions.getExtension<UniqueAnalyticsTestApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` every 50 ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(50);
  }
}

/** Writes a user setting, as a person would in the Settings editor. */
export async function setSetting(key: SettingKey, value: unknown): Promise<void> {
  await vscode.workspace
    .getConfiguration(EXTENSION_ID_PREFIX)
    .update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * Puts every setting back to its default (named environments too, so the older settings' connection is shown
 * again) and forgets its token; the view returns to "noBaseUrl".
 */
export async function resetExtension(api: UniqueAnalyticsTestApi): Promise<void> {
  await api.clearBatches();
  for (const key of Object.values(SettingKeys)) await setSetting(key, undefined);
  await waitFor('the older settings shown', () => api.connection() === 'default');
  await vscode.commands.executeCommand(CommandIds.clearToken);
  await waitFor('set-up state noBaseUrl', async () => (await api.recheckSetup()) === 'noBaseUrl');
}

/**
 * Points the extension at `server` (base URL setting) and signs in through the real "Set Access Token"
 * command, which lists the orders once to check the token.
 */
export async function connect(api: UniqueAnalyticsTestApi, server: FakeServer): Promise<void> {
  assertCanary(server);
  await setSetting(SettingKeys.baseUrl, server.url);
  await waitFor('baseUrl setting applied', () => api.settings().baseUrl === server.url);
  // Set Token checks the token with a real listing (through the poller), so the list is loaded after it.
  const result = await vscode.commands.executeCommand<{ accepted?: boolean; state: string }>(
    CommandIds.setToken,
    server.token,
  );
  assert.equal(
    result?.accepted,
    true,
    `the fake server's token was not accepted (state ${result?.state})`,
  );
  assert.equal(api.setupState(), 'ready');
}

/**
 * Under test/harness/integration.mjs the good token of every fake server is the run's canary (the harness
 * then searches everything the run left for it); a fake with another token would escape that scan.
 */
export function assertCanary(server: FakeServer): void {
  const canary = process.env[CANARY_ENV];
  if (canary)
    assert.ok(server.token === canary, "the fake server's good token is not the harness's canary");
}

/** Kind of an ApiError from the extension's bundle (instanceof does not cross bundles). */
export function kindOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null
    ? String((error as { kind?: unknown }).kind)
    : undefined;
}

/** Labels of the view's rows, as VS Code renders them. */
export async function rowLabels(api: UniqueAnalyticsTestApi): Promise<string[]> {
  return (await api.treeItems()).map((i) =>
    typeof i.label === 'string' ? i.label : (i.label?.label ?? ''),
  );
}
