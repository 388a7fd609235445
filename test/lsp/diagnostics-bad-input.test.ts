// Bad input over the real protocol (DESIGN.md §9.5): the server answers every malformed document with a
// clear diagnostic, never crashes or hangs, and a malformed document never stops diagnostics for others.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { badInputs } from '../helpers/bad-input';
import { VALID_CONFIG } from '../helpers/configs';
import { diagnosticProblems } from '../helpers/range-check';
import type { LspSession } from './helpers';
import { errorsOf, startLanguageServer, uriOf } from './helpers';

describe('bad input over the protocol', () => {
  let server: LspSession;
  before(async () => {
    server = await startLanguageServer();
  });
  after(async () => {
    await server?.dispose();
  });

  for (const { name, text, code } of badInputs()) {
    test(`${name}: published with a \`${code}\` error and valid ranges`, async () => {
      const uri = uriOf(`bad-${name.replace(/\W+/g, '-')}.sync.yaml`);
      const diagnostics = await server.openAndWait(uri, text, 1);
      assert.ok(
        diagnostics.some((d) => d.code === code && d.severity === 1),
        `no ${code} in ${JSON.stringify(diagnostics.map((d) => d.code))}`,
      );
      for (const d of diagnostics) assert.deepEqual(diagnosticProblems(text, d), [], JSON.stringify(d));
      await server.close(uri);
    });
  }

  test('every bad input open at once, edited quickly: another document still gets its diagnostics', async () => {
    const bad = badInputs();
    const uris = bad.map((b, i) => uriOf(`all-bad-${i}.sync.yaml`));
    await Promise.all(bad.map((b, i) => server.open(uris[i]!, b.text, 1)));
    // Quick edits to every bad document while they are being validated.
    for (const [i, b] of bad.entries()) await server.change(uris[i]!, b.text + '\n# edited\n');
    const good = uriOf('good-neighbour.sync.yaml');
    const text = VALID_CONFIG.replace('site: engineering', 'site: enginering');
    const errors = errorsOf(await server.openAndWait(good, text, 1));
    assert.deepEqual(
      errors.map((d) => [d.code, d.message]),
      [['unknown-site', '`enginering` is not declared under `sites`. Did you mean `engineering`?']],
    );
    // Every bad document got the diagnostics of its last version too.
    await Promise.all(uris.map((uri) => server.diagnosticsFor(uri, 2)));
    assert.equal(server.exited, undefined, `the server exited: ${server.stderr}`);
    for (const uri of [...uris, good]) await server.close(uri);
  });
});
