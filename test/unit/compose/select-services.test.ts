import { describe, expect, it } from 'vitest';
import { selectServices } from '../../../src/compose/select-services.js';
import { lines, loadText } from './stack-helpers.js';

const compose = lines(
  'services:',
  '  core:',
  '    image: x',
  '  loki:',
  '    image: x',
  '    profiles: [logs]',
  '  thanos:',
  '    image: x',
  '    profiles: [ha, storage]',
);

describe('selectServices', () => {
  it('always selects services without profiles', async () => {
    const stack = await loadText(compose);
    expect(selectServices(stack, []).map((s) => s.name)).toEqual(['core']);
  });

  it('adds services sharing a selected profile', async () => {
    const stack = await loadText(compose);
    expect(selectServices(stack, ['logs']).map((s) => s.name)).toEqual(['core', 'loki']);
    expect(selectServices(stack, ['storage', 'logs']).map((s) => s.name)).toEqual(['core', 'loki', 'thanos']);
  });

  it('selects everything with *', async () => {
    const stack = await loadText(compose);
    expect(selectServices(stack, ['*']).map((s) => s.name)).toEqual(['core', 'loki', 'thanos']);
  });
});
