// core/connections: what a named environment must say (each problem named), where its secret lives, and
// importing one from a unique.env / .env file with Unique's variable names.
import * as assert from 'node:assert/strict';
import { connectionFromEnvFile } from '../../../src/core/connections/envFile';
import {
  checkEnvironment,
  secretKeyFor,
  secretOf,
} from '../../../src/core/connections/environment';

describe('connections: environments', () => {
  it('accepts the three ways to connect', () => {
    const internal = checkEnvironment({
      name: 'prod',
      baseUrl: 'https://gateway.x.unique.app/chat',
    });
    assert.deepEqual(internal, {
      ok: true,
      environment: {
        name: 'prod',
        surface: 'internal',
        baseUrl: 'https://gateway.x.unique.app/chat',
        auth: { kind: 'token' },
      },
    });
    const service = checkEnvironment({
      name: 'uat',
      baseUrl: 'https://api.uat.bank.ch/chat',
      auth: {
        kind: 'serviceUser',
        tokenUrl: 'https://id.uat.bank.ch/oauth/v2/token',
        clientId: 'bot',
        projectId: '42',
      },
    });
    assert.ok(service.ok && service.environment.auth.kind === 'serviceUser');
    const key = checkEnvironment({
      name: 'public',
      surface: 'public',
      baseUrl: 'https://gateway.unique.app/public/chat-gen2',
      auth: { appId: 'app_1', userId: 'u', companyId: 'c' },
    });
    assert.ok(
      key.ok &&
        key.environment.auth.kind === 'apiKey' &&
        key.environment.auth.apiVersion === '2023-12-06',
    );
  });

  it('names every problem instead of guessing', () => {
    const r = checkEnvironment({
      surface: 'graphql',
      baseUrl: 'http://evil.example',
      auth: { kind: 'serviceUser', tokenUrl: 'x' },
    });
    assert.ok(!r.ok);
    const text = r.problems.join('\n');
    for (const m of [
      /"name" is missing/,
      /"surface" must be/,
      /"baseUrl": /,
      /"auth.tokenUrl": .*oauth\/v2\/token/,
      /"auth.clientId" is missing/,
      /"auth.projectId" is missing/,
    ]) {
      assert.match(text, m);
    }
    const keyOnInternal = checkEnvironment({
      name: 'x',
      baseUrl: 'https://a.example/chat',
      auth: { kind: 'apiKey', appId: 'a', userId: 'u', companyId: 'c' },
    });
    assert.ok(
      !keyOnInternal.ok && /only with "surface": "public"/.test(keyOnInternal.problems.join()),
    );
    assert.deepEqual(checkEnvironment('prod'), {
      ok: false,
      problems: ['an environment must be an object'],
    });
  });

  it('keeps each environment’s secret under its own key', () => {
    assert.equal(secretKeyFor('prod', 'token'), 'uniqueAnalytics.env.prod.token');
    assert.equal(secretKeyFor('UAT 2/x', 'apiKey'), 'uniqueAnalytics.env.UAT%202%2Fx.apiKey');
    assert.equal(
      secretOf({ kind: 'serviceUser', tokenUrl: '', clientId: '', projectId: '' }),
      'clientSecret',
    );
  });
});

describe('connections: import from a unique.env file', () => {
  it("reads the toolkit's names (any case) and keeps the key apart as a secret", () => {
    const r = connectionFromEnvFile(
      [
        '# Unique toolkit',
        'UNIQUE_AUTH_COMPANY_ID=company_1',
        'unique_auth_user_id=user_1',
        'UNIQUE_API_BASE_URL="https://gateway.unique.app/public/chat-gen2"',
        'UNIQUE_API_VERSION=2023-12-06',
        'UNIQUE_APP_ID=app_1',
        "UNIQUE_APP_KEY='ukey_abc'",
      ].join('\n'),
      'mine',
    );
    assert.deepEqual(r.missing, []);
    assert.deepEqual(r.secret, { kind: 'apiKey', value: 'ukey_abc' });
    assert.deepEqual(r.environment, {
      name: 'mine',
      surface: 'public',
      baseUrl: 'https://gateway.unique.app/public/chat-gen2',
      auth: {
        kind: 'apiKey',
        appId: 'app_1',
        userId: 'user_1',
        companyId: 'company_1',
        apiVersion: '2023-12-06',
      },
    });
    assert.ok(checkEnvironment(r.environment).ok, 'an imported environment passes the same checks');
  });

  it("the SDK's UNIQUE_* names win over the toolkit's where both are set", () => {
    const r = connectionFromEnvFile(
      'UNIQUE_USER_ID=sdk\nUNIQUE_AUTH_USER_ID=toolkit\nUNIQUE_API_KEY=ukey_sdk\nUNIQUE_APP_KEY=ukey_tk',
      'x',
    );
    assert.deepEqual(r.secret, { kind: 'apiKey', value: 'ukey_sdk' });
    assert.deepEqual(r.missing, ['UNIQUE_API_BASE_URL', 'UNIQUE_APP_ID', 'UNIQUE_AUTH_COMPANY_ID']);
    assert.equal(r.environment, undefined);
  });

  it('a service user from ZITADEL_* names', () => {
    const r = connectionFromEnvFile(
      'ZITADEL_BASE_URL=https://id.bank.ch/\nZITADEL_CLIENT_ID=bot\nZITADEL_CLIENT_SECRET=s3cret\nZITADEL_PROJECT_ID=42\nUNIQUE_CHAT_BASE_URL=https://api.bank.ch/chat',
      'svc',
    );
    assert.deepEqual(r.environment?.auth, {
      kind: 'serviceUser',
      tokenUrl: 'https://id.bank.ch/oauth/v2/token',
      clientId: 'bot',
      projectId: '42',
    });
    assert.deepEqual(r.secret, { kind: 'clientSecret', value: 's3cret' });
    assert.deepEqual(connectionFromEnvFile('ZITADEL_CLIENT_ID=bot', 'svc').missing, [
      'ZITADEL_BASE_URL',
      'ZITADEL_PROJECT_ID',
      'UNIQUE_CHAT_BASE_URL',
    ]);
  });
});
