import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** CLI tests run the built bundle, as a user would. */
export default function setup(): void {
  const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
  if (!existsSync(main)) throw new Error('dist/main.js is missing: run `npm run build` before the CLI tests');
}
