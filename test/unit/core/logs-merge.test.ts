import { describe, expect, it } from 'vitest';
import { mergeByTime } from '../../../src/core/merge-log-lines.js';

interface Item {
  time: bigint;
  id: string;
}

async function* source(items: [number, string][], closed?: { value: boolean }): AsyncIterable<Item> {
  try {
    for (const [t, id] of items) {
      await Promise.resolve();
      yield { time: BigInt(t), id };
    }
  } finally {
    if (closed) closed.value = true;
  }
}

async function collect(it: AsyncIterable<Item>, limit = Infinity): Promise<string[]> {
  const out: string[] = [];
  for await (const x of it) {
    out.push(x.id);
    if (out.length >= limit) break;
  }
  return out;
}

describe('mergeByTime', () => {
  it('interleaves sources in time order; ties go to the earlier source', async () => {
    const merged = mergeByTime([
      source([
        [1, 'a1'],
        [4, 'a4'],
        [6, 'a6'],
      ]),
      source([
        [2, 'b2'],
        [4, 'b4'],
        [5, 'b5'],
      ]),
      source([]),
    ]);
    expect(await collect(merged)).toEqual(['a1', 'b2', 'a4', 'b4', 'b5', 'a6']);
  });

  it('keeps each source in its own order even when its times go backwards', async () => {
    const merged = await collect(
      mergeByTime([
        source([
          [5, 'a-first'],
          [3, 'a-second'],
        ]),
        source([[4, 'b']]),
      ]),
    );
    expect(merged).toEqual(['b', 'a-first', 'a-second']);
    expect(merged.indexOf('a-first')).toBeLessThan(merged.indexOf('a-second'));
  });

  it('closes every source when the consumer stops early', async () => {
    const closedA = { value: false };
    const closedB = { value: false };
    const got = await collect(
      mergeByTime([
        source(
          [
            [1, 'a1'],
            [3, 'a3'],
          ],
          closedA,
        ),
        source(
          [
            [2, 'b2'],
            [4, 'b4'],
          ],
          closedB,
        ),
      ]),
      1,
    );
    expect(got).toEqual(['a1']);
    await new Promise((r) => setTimeout(r, 10));
    expect(closedA.value && closedB.value).toBe(true);
  });
});
