// Bundles the CLI with esbuild into dist/: entry.cjs (the router bin/ish-monitor.cjs starts),
// main.js with lazily loaded chunks per command, and status.cjs, status alone in one file (cron's
// command: no ES module loader, no 40 chunks to link), so no command pays for code it never runs.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSchemaCheck } from './compile-schema-check.mjs';

// Modules loaded eagerly by dependencies but needed rarely or never: ssh2 (ssh:// Docker hosts only),
// dockerode's BuildKit session with gRPC/protobuf (never), Node's https/tls/zlib, which docker-modem
// and dockerode import at load time but which a unix socket or plain tcp:// never touches, and
// child_process (with dgram and net), which commander loads for executable subcommands we do not
// have. Each is replaced by a proxy that loads the real module on first use, so no command pays for
// them at start-up.
const lazyModules = {
  name: 'lazy-modules',
  setup(b) {
    const dockerode = { './session': 'dockerode/lib/session.js', './buildkit': 'dockerode/lib/buildkit.js' };
    // Which built-in module is made lazy for which importing package.
    const builtins = [
      [/^(node:)?(https|zlib)$/, /docker-modem/],
      [/^(node:)?zlib$/, /dockerode/],
      [/^(node:)?child_process$/, /commander/],
    ];
    b.onResolve({ filter: /^(ssh2|tar-fs|@balena\/dockerignore|\.\/session|\.\/buildkit|(node:)?(https|zlib|child_process))$/ }, (args) => {
      if (args.path === 'ssh2') return { path: 'ssh2', namespace: 'lazy' };
      if (/^(tar-fs|@balena\/dockerignore)$/.test(args.path) && args.importer.includes('dockerode')) return { path: args.path, namespace: 'lazy' };
      if (args.path in dockerode && args.importer.includes('dockerode')) return { path: dockerode[args.path], namespace: 'lazy' };
      if (builtins.some(([m, by]) => m.test(args.path) && by.test(args.importer))) return { path: args.path.replace(/^node:/, ''), namespace: 'lazy' };
      return undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      loader: 'js',
      // A variable, not a literal: esbuild must leave this require to run time.
      contents: `let real;
const id = ${JSON.stringify(args.path)};
const load = () => (real ??= require(id));
// Two levels of laziness: \`require(id).Client\` at a module's top level must not load it either,
// so a property is itself a proxy that resolves on call, construction or property access.
const lazy = (get) => new Proxy(function () {}, {
  get: (_, key) => get()[key],
  apply: (_, self, args) => get().apply(self, args),
  construct: (_, args) => new (get())(...args),
});
module.exports = new Proxy(function () {}, {
  get: (_, key) => lazy(() => load()[key]),
  apply: (_, self, args) => load().apply(self, args),
  construct: (_, args) => new (load())(...args),
});`,
    }));
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

// `import ... from 'node:crypto'` makes Node build the module's ESM facade, which reads every export:
// the `webcrypto` getter loads Web Crypto's own module tree, which the tool never uses. Our sources'
// imports of it become a CommonJS require, whose exports are read only when used.
const cryptoAsCommonJs = {
  name: 'crypto-as-commonjs',
  setup(b) {
    b.onResolve({ filter: /^node:crypto$/ }, (args) => (/[/\\]src[/\\]/.test(args.importer) ? { path: 'node:crypto', namespace: 'commonjs-builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'commonjs-builtin' }, (args) => ({ loader: 'js', contents: `module.exports = require(${JSON.stringify(args.path)});` }));
  },
};

// docker-modem formats every request's options with util.inspect (showHidden, unlimited depth) for a
// debug line that is off unless DEBUG=modem: a few ms of every command's start-up. Formatted only
// when that line is on. The build fails if docker-modem changes, so the patch cannot silently lapse.
const quietModemDebug = {
  name: 'quiet-modem-debug',
  setup(b) {
    b.onLoad({ filter: /docker-modem[/\\]lib[/\\]modem\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const call = "debug('Sending: %s', util.inspect(";
      if (!source.includes(call)) throw new Error(`${args.path}: the request debug line changed; review the quiet-modem-debug patch in scripts/build.mjs`);
      return { contents: source.replace(call, `if (debug.enabled) ${call}`), loader: 'js' };
    });
  },
};

// docker-modem's hijacked-stream duplex is built on readable-stream, a 84 kB userland copy of
// Node's streams (whose Duplex it mirrors); every command paid for compiling it. Node's own module is
// loaded anyway by the HTTP client.
const nodeStreams = {
  name: 'node-streams',
  setup(b) {
    b.onResolve({ filter: /^readable-stream$/ }, (args) => (/docker-modem/.test(args.importer) ? { path: 'node:stream', external: true } : undefined));
  },
};

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  define: { __ISH_MONITOR_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};
// CommonJS has no import.meta: its URL is the file's own (runtime.ts finds the shipped compose file by it).
const commonJs = {
  ...common,
  format: 'cjs',
  define: { ...common.define, 'import.meta.url': '__ishImportMetaUrl' },
  banner: { js: "var __ishImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
// The entry's two destinations are the other builds' files, loaded at run time, never bundled into it.
const siblings = {
  name: 'siblings',
  setup(b) {
    b.onResolve({ filter: /^\.\/(main\.js|status\.cjs)$/ }, (args) => ({ path: args.path, external: true }));
  },
};
// status.cjs keeps the compose loader (YAML, the schema check: half a megabyte to parse at every
// start) in load-stack.cjs, required only when the stack cache misses. Both then share one
// errors.cjs, so the loader's errors are the same classes status checks for.
const srcErrors = fileURLToPath(new URL('../src/errors.ts', import.meta.url));
const sharedFiles = {
  name: 'shared-files',
  setup(b) {
    b.onResolve({ filter: /(^|\/)(errors|load-stack)\.js$/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const target = resolvePath(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      if (target === srcErrors) return { path: './errors.cjs', external: true };
      if (target.endsWith('/src/compose/load-stack.ts')) return { path: './load-stack.cjs', external: true };
      return undefined;
    });
  },
};
const plugins = [nodeStreams, lazyModules, precompiledSchema, quietModemDebug, cryptoAsCommonJs];
const commonJsBundle = (name, entry, extra = []) =>
  build({ ...commonJs, entryPoints: { [name]: entry }, outdir: 'dist', outExtension: { '.js': '.cjs' }, plugins: [sharedFiles, ...plugins, ...extra] });
await Promise.all([
  // Every command: one small entry chunk plus lazily loaded chunks per command.
  build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outdir: 'dist',
    splitting: true,
    format: 'esm',
    plugins,
    banner: {
      js: "import { createRequire as __ishCreateRequire } from 'node:module'; const require = __ishCreateRequire(import.meta.url);",
    },
  }),
  // status alone, in one file (see src/cli/status-main.ts) and the two it shares.
  commonJsBundle('status', 'src/cli/status-main.ts'),
  commonJsBundle('load-stack', 'src/compose/load-stack.ts'),
  commonJsBundle('errors', 'src/errors.ts'),
  commonJsBundle('entry', 'src/cli/entry.ts', [siblings]),
]);
