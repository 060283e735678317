// Which recipe a file gets, by its header names only (src/core/insights/headers.ts).
import * as assert from 'node:assert/strict';
import { findRoles, normaliseHeader, recognise } from '../../../src/core/insights/headers';

describe('insights: header recognition', () => {
  it('normalises case, accents, spaces and punctuation', () => {
    assert.equal(normaliseHeader('\uFEFFUser E-Mail'), 'useremail');
    assert.equal(normaliseHeader(' Réponse '), 'reponse');
    assert.equal(normaliseHeader('active_users'), 'activeusers');
  });

  it('each kind by its columns, in any order and language', () => {
    assert.equal(recognise(['User Email', 'Date', 'Interactions', 'Assistant']).kind, 'chat');
    assert.equal(recognise(['Assistent', 'Anzahl', 'Datum', 'Benutzer']).kind, 'chat');
    assert.equal(recognise(['Utilisateur', 'Jour', 'Assistant', 'Nombre']).kind, 'chat');
    assert.equal(
      recognise(['Period', 'Date', 'Active Users', 'New Users', 'Segment']).kind,
      'activeUsers',
    );
    assert.equal(
      recognise(['Date', 'User Email', 'Assistant', 'References', 'Document']).kind,
      'references',
    );
    assert.equal(
      recognise(['Timestamp', 'User Email', 'Assistant', 'Prompt', 'Answer']).kind,
      'detailed',
    );
    assert.equal(recognise(['Date', 'User Email', 'Metric', 'Value', 'Note']).kind, 'profile');
  });

  it("the order type's recipe, or the profile with the columns it looked for", () => {
    const ok = recognise(['E-Mail', 'Datum', 'Assistant', 'Interaktionen'], 'CHAT_INTERACTION');
    assert.equal(ok.kind, 'chat');
    assert.deepEqual(ok.roles, { user: 0, date: 1, assistant: 2, count: 3 });
    const renamed = recognise(['Email', 'When', 'Assistant', 'Interactions'], 'CHAT_INTERACTION');
    assert.equal(renamed.kind, 'profile');
    assert.deepEqual(renamed.expected, { kind: 'chat', missing: ['date'] });
    // An unknown type: recognised by the columns.
    assert.equal(
      recognise(['User Email', 'Date', 'Interactions', 'Assistant'], 'NPS').kind,
      'chat',
    );
  });

  it('a column takes one role only; the first matching column wins', () => {
    const roles = findRoles(['Date', 'Datum', 'Users', 'Active Users']);
    assert.equal(roles.date, 0);
    assert.equal(roles.activeUsers, 3);
  });
});
