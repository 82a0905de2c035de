// Compiles src/compose/schema.ts with ajv's standalone code generator into an ES module that
// exports `quickCheck(value): boolean`, for the bundle (see src/compose/quick-check.ts).
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

/** Returns the JavaScript source of the precompiled check. */
export async function compileSchemaCheck() {
  const dir = await mkdtemp(join(tmpdir(), 'ish-schema-'));
  try {
    const out = join(dir, 'schema.mjs');
    await build({ entryPoints: ['src/compose/schema.ts'], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'warning' });
    const { composeSchema } = await import(pathToFileURL(out).href);
    // Same options as the run-time validator, minus what only error reporting needs.
    const ajv = new Ajv({ code: { source: true, esm: true }, allowUnionTypes: true, strictTypes: false });
    const validate = ajv.compile(composeSchema);
    return `${standaloneCode(ajv, validate)}\nexport const quickCheck = (value) => validate(value);\n`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
