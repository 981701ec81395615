import { JobBatcher } from './job-batcher';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('JobBatcher', () => {
  it('handles a lone job at once, and gathers the jobs that arrive meanwhile into the next batch', async () => {
    const batches: number[][] = [];
    const first = deferred();
    const batcher = new JobBatcher<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await first.promise;
      return items.map((item) => item * 10);
    }, 50);

    const lone = batcher.add(1);
    await new Promise((done) => setImmediate(done));
    const rest = [2, 3, 4].map((item) => batcher.add(item));
    first.resolve();

    expect(await lone).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('never handles more than the largest batch at once', async () => {
    const sizes: number[] = [];
    const batcher = new JobBatcher<number>(async (items) => {
      sizes.push(items.length);
      return [];
    }, 3);
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((item) => batcher.add(item)));
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('fails only the bad job of a failed batch: the others are handled again one by one', async () => {
    const handled: number[][] = [];
    const batcher = new JobBatcher<number, string>(async (items) => {
      handled.push(items);
      if (items.includes(2)) throw new Error('job 2 is bad');
      return items.map((item) => `ok ${item}`);
    }, 50);

    const results = await Promise.allSettled([1, 2, 3].map((item) => batcher.add(item)));

    expect(results).toEqual([
      { status: 'fulfilled', value: 'ok 1' },
      { status: 'rejected', reason: new Error('job 2 is bad') },
      { status: 'fulfilled', value: 'ok 3' },
    ]);
    expect(handled).toEqual([[1, 2, 3], [1], [2], [3]]);
  });
});
