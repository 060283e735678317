// src/core must run under plain Node: no file there may import `vscode` (STYLE.md, rule 2).
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

describe('src/core is pure', () => {
  it('no file under src/core imports or requires vscode', () => {
    const root = join(process.cwd(), 'src', 'core');
    const files = readdirSync(root, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'));
    assert.ok(files.length > 3, `expected core files, found ${files.length}`);
    const offenders = files.filter((f) =>
      /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/.test(
        readFileSync(join(root, f), 'utf8'),
      ),
    );
    assert.deepEqual(offenders, []);
  });
});
