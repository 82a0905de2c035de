// Bundles the CLI with esbuild into dist/: one small entry chunk plus lazily loaded chunks per
// command, so `--version` and `status` do not pay for code they never run.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileSchemaCheck } from './compile-schema-check.mjs';

// Heavy modules that dockerode loads eagerly but ish-monitor rarely or never needs.
const lazyModules = {
  name: 'lazy-modules',
  setup(b) {
    const shim = (file) => ({ path: fileURLToPath(new URL(`./shims/${file}`, import.meta.url)) });
    b.onResolve({ filter: /^ssh2$/ }, () => shim('ssh2-lazy.cjs'));
    b.onResolve({ filter: /^\.\/session$/ }, (args) => (args.importer.includes('dockerode') ? shim('dockerode-session-lazy.cjs') : undefined));
  },
};

// The compose schema, compiled by ajv at build time instead of at every start-up.
const precompiledSchema = {
  name: 'precompiled-schema',
  setup(b) {
    b.onLoad({ filter: /src[/\\]compose[/\\]quick-check\.ts$/ }, async () => ({
      contents: await compileSchemaCheck(),
      loader: 'js',
      resolveDir: fileURLToPath(new URL('..', import.meta.url)),
    }));
  },
};

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  plugins: [lazyModules, precompiledSchema],
  define: { __ISH_MONITOR_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    js: "import { createRequire as __ishCreateRequire } from 'node:module'; const require = __ishCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
