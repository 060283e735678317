// core/connections/connectionList: the environments setting plus the older baseUrl settings as one list,
// which one is active, and how an environment is written back (never with a secret).
import * as assert from 'node:assert/strict';
import {
  chooseActive,
  describeConnection,
  listConnections,
  SETTINGS_CONNECTION,
  withEnvironment,
} from '../../../src/core/connections/connectionList';
import { checkEnvironment } from '../../../src/core/connections/environment';
import { expiryPlan, EXPIRY_WARNING_LEAD_MS } from '../../../src/core/auth/jwt';
import {
  checkName,
  checkProjectId,
  checkUrl,
  guessTokenUrl,
  suggestName,
} from '../../../src/core/connections/environmentInput';

const NONE = { baseUrl: '', graphqlPath: '/graphql' };
const OLD = { baseUrl: 'https://gateway.x.unique.app/chat', graphqlPath: '/graphql' };
const uat = {
  name: 'uat',
  baseUrl: 'https://api.uat.bank.ch/chat',
  auth: {
    kind: 'serviceUser',
    tokenUrl: 'https://id.uat.bank.ch/oauth/v2/token',
    clientId: 'bot',
    projectId: '42',
  },
};
const pub = {
  name: 'public',
  surface: 'public',
  baseUrl: 'https://gateway.unique.app/public/chat',
  auth: { kind: 'apiKey', appId: 'app_1', userId: 'u1', companyId: 'c1' },
};

describe('connections: the list of connections', () => {
  it('is only the older settings when no environment is configured (welcome asks for a base URL)', () => {
    const { connections, problems } = listConnections(undefined, NONE);
    assert.deepEqual(problems, []);
    assert.equal(connections.length, 1);
    assert.equal(connections[0].name, SETTINGS_CONNECTION);
    assert.equal(connections[0].fromSettings, true);
    assert.equal(connections[0].environment, undefined);
    assert.deepEqual(connections[0].problems, []);
  });

  it('keeps the older settings first when their base URL is set, then the environments in order', () => {
    const { connections } = listConnections([uat, pub], OLD);
    assert.deepEqual(
      connections.map((c) => [c.name, c.environment?.surface, c.environment?.auth.kind]),
      [
        ['default', 'internal', 'token'],
        ['uat', 'internal', 'serviceUser'],
        ['public', 'public', 'apiKey'],
      ],
    );
    assert.equal(connections[0].environment?.baseUrl, OLD.baseUrl);
  });

  it('leaves the older settings out once environments exist and no base URL is set', () => {
    const { connections } = listConnections([uat], NONE);
    assert.deepEqual(
      connections.map((c) => c.name),
      ['uat'],
    );
  });

  it('keeps an invalid entry with its problems named, and reports duplicates and a non-list', () => {
    const { connections, problems } = listConnections(
      [{ name: 'broken', baseUrl: 'ftp://x' }, { baseUrl: 'https://a.b/chat' }, uat, uat],
      NONE,
    );
    assert.deepEqual(
      connections.map((c) => c.name),
      ['broken', 'environment 2', 'uat'],
    );
    assert.equal(connections[0].environment, undefined);
    assert.match(connections[0].problems.join(' '), /"baseUrl"/);
    assert.match(connections[1].problems.join(' '), /"name" is missing/);
    assert.deepEqual(problems, [
      'uniqueAnalytics.environments has "uat" twice; the second is ignored.',
    ]);
    assert.match(listConnections({ name: 'x' }, NONE).problems[0], /must be a list/);
  });

  it('names the older settings "settings" when an environment is called "default"', () => {
    const { connections } = listConnections([{ ...uat, name: 'default' }], OLD);
    assert.deepEqual(
      connections.map((c) => [c.name, c.fromSettings]),
      [
        ['settings', true],
        ['default', false],
      ],
    );
  });

  it('says what is wrong with the older settings', () => {
    const { connections } = listConnections([], { baseUrl: 'gateway.x', graphqlPath: '/graphql' });
    assert.equal(connections[0].environment, undefined);
    assert.ok(connections[0].problems.length > 0);
  });

  it('refuses a Public API environment that signs in otherwise than with an API key', () => {
    const c = checkEnvironment({ ...pub, auth: { kind: 'token' } });
    assert.ok(!c.ok);
    assert.match(c.problems.join(' '), /personal API key/);
  });

  it('chooses the remembered connection, else the first usable one', () => {
    const { connections } = listConnections([{ name: 'broken' }, uat, pub], NONE);
    assert.equal(chooseActive(connections, 'public')?.name, 'public');
    assert.equal(chooseActive(connections, 'gone')?.name, 'uat');
    assert.equal(chooseActive(connections, undefined)?.name, 'uat');
    assert.equal(chooseActive([], undefined), undefined);
  });

  it('describes a connection in one line without any secret', () => {
    const { connections } = listConnections([uat, pub], OLD);
    assert.deepEqual(connections.map(describeConnection), [
      'internal API · gateway.x.unique.app · pasted token',
      'internal API · api.uat.bank.ch · service user bot',
      'Public API · gateway.unique.app · personal API key',
    ]);
  });

  it('writes an environment back by name, replacing or appending, and the result reads the same', () => {
    const checked = checkEnvironment(pub);
    assert.ok(checked.ok);
    const added = withEnvironment([uat], checked.environment);
    assert.equal(added.length, 2);
    const replaced = withEnvironment(added, {
      ...checked.environment,
      baseUrl: 'https://other.ch/public/chat',
    });
    assert.equal(replaced.length, 2);
    const again = listConnections(replaced, NONE).connections;
    assert.equal(again[1].environment?.baseUrl, 'https://other.ch/public/chat');
    assert.deepEqual(again[1].environment?.auth, checked.environment.auth);
    assert.doesNotMatch(JSON.stringify(replaced), /secret|ukey_/i);
  });
});

describe('auth: when to warn before a pasted token ends', () => {
  const now = Date.UTC(2026, 11, 7, 12);
  it('warns later, now, or says it already ended', () => {
    assert.deepEqual(expiryPlan(now + 3_600_000, now), {
      kind: 'warnLater',
      inMs: 3_600_000 - EXPIRY_WARNING_LEAD_MS,
    });
    assert.deepEqual(expiryPlan(now + 5 * 60_000, now), { kind: 'warnNow' });
    assert.deepEqual(expiryPlan(now, now), { kind: 'expired' });
    assert.deepEqual(expiryPlan(now - 1, now), { kind: 'expired' });
  });
  it('never asks for a timer longer than setTimeout can hold', () => {
    const plan = expiryPlan(now + 400 * 86_400_000, now);
    assert.ok(plan.kind === 'warnLater' && plan.inMs === 2_147_483_647);
  });
});

describe('connections: what Add Environment accepts', () => {
  it('guesses the token URL only where id.<domain> can exist', () => {
    assert.equal(guessTokenUrl('https://api.bank.ch/chat'), 'https://id.bank.ch/oauth/v2/token');
    assert.equal(guessTokenUrl('http://127.0.0.1:8080/chat'), '');
    assert.equal(guessTokenUrl('http://localhost:8080/chat'), '');
    assert.equal(guessTokenUrl('not a url'), '');
  });
  it('suggests a free name and checks names, project ids and required fields', () => {
    assert.equal(suggestName([]), 'prod');
    assert.equal(suggestName(['prod', 'uat', 'test']), 'environment 4');
    assert.match(checkName('', []) ?? '', /Enter a short name/);
    assert.match(checkName('prod', ['prod']) ?? '', /taken/);
    assert.equal(checkName(' uat ', ['prod']), undefined);
    assert.match(checkProjectId('abc') ?? '', /is a number/);
    assert.equal(checkProjectId('268834226248417287'), undefined);
    assert.match(checkUrl('', 'https://x/chat') ?? '', /Enter the URL/);
    assert.equal(checkUrl('https://api.bank.ch/chat', 'x'), undefined);
  });
});
