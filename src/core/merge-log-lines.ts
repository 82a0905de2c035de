/**
 * Merges several line sources into one, oldest first: of the sources' next lines the one with the
 * smallest time goes out (on a tie, the earlier source), so every source keeps its own order even
 * where its times are not monotonic (stdout and stderr are stamped by separate copiers).
 */
export async function* mergeByTime<T extends { time: bigint }>(sources: AsyncIterable<T>[]): AsyncIterable<T> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  try {
    const heads = await Promise.all(iterators.map((it) => it.next()));
    for (;;) {
      let pick = -1;
      heads.forEach((h, i) => {
        if (!h.done && (pick < 0 || h.value.time < (heads[pick] as IteratorYieldResult<T>).value.time)) pick = i;
      });
      if (pick < 0) return;
      yield (heads[pick] as IteratorYieldResult<T>).value;
      heads[pick] = await iterators[pick]!.next();
    }
  } finally {
    // A consumer that stops early (Ctrl-C, closed pipe) must not leave engine streams open; not
    // awaited, as a source still waiting for its engine would hold up the error that stops it.
    void Promise.allSettled(iterators.map((it) => it.return?.()));
  }
}
