import { Pool } from 'pg';
import { BenchEnvironment, log } from './bench-environment';
import { expectStatus, send } from './http-client';
import { LatencySummary, merge } from './latency-stats';
import { RunResult, closedLoop, openLoop } from './load-generator';

export const STRING_SEARCH_QUERY = 'Patient?name:contains=ols';

export interface StringSearchOptions {
  seconds: number;
  rounds: number;
  /** Searches per second, open loop. */
  rate: number;
}

export interface StringSearchResult {
  bro: LatencySummary;
  /** The same search with `_total=none`: the page alone, without counting every match. */
  pageOnly: LatencySummary;
  raw: LatencySummary;
  unindexed: LatencySummary;
  /** Bro's total, which the unindexed count must equal. */
  total: number;
}

/**
 * The floor: the same page and count as Bro asks PostgreSQL for, as hand-written SQL over the same
 * trigram index, two queries side by side on a pool (what Bro does, minus HTTP, auth and JSON).
 */
const RAW_PAGE = `SELECT resource FROM fhir_patient WHERE sp_name_folded LIKE '%ols%' ORDER BY last_updated DESC, id DESC LIMIT 21`;
const RAW_COUNT = `SELECT count(*)::int AS n FROM fhir_patient WHERE sp_name_folded LIKE '%ols%'`;
/** What the search would cost without the folded column and its index: every stored name read and matched. */
const UNINDEXED_COUNT = `SELECT count(*)::int AS n FROM fhir_patient
  WHERE jsonb_path_exists(resource, '$.name[*].family ? (@ like_regex "ols" flag "i")')
     OR jsonb_path_exists(resource, '$.name[*].given[*] ? (@ like_regex "ols" flag "i")')`;

/**
 * `Patient?name:contains=ols` at a constant rate, interleaved with the raw SQL over the same index
 * (raw, Bro, Bro without total, raw, …); then the unindexed scan a few times, whose count must equal
 * Bro's total.
 */
export async function measureStringSearch(env: BenchEnvironment, options: StringSearchOptions): Promise<StringSearchResult> {
  const headers = { Authorization: `Bearer ${env.token}` };
  const pool = new Pool({ connectionString: env.databaseUrl, max: 16 });
  let total = -1;
  const bro = () =>
    expectStatus(send(`${env.fhirBaseUrl}/${STRING_SEARCH_QUERY}`, 'GET', headers), 200).then((body) => {
      const match = /"total":(\d+)/.exec(body);
      if (!match) throw new Error('searchset without total');
      total = Number(match[1]);
    });
  const pageOnly = () => expectStatus(send(`${env.fhirBaseUrl}/${STRING_SEARCH_QUERY}&_total=none`, 'GET', headers), 200).then(() => undefined);
  const raw = () => Promise.all([pool.query(RAW_PAGE), pool.query(RAW_COUNT)]).then(() => undefined);
  try {
    await openLoop(bro, options.rate, 2_000); // warm-up: the index and the rows it finds into the cache
    const broRuns: RunResult[] = [];
    const rawRuns: RunResult[] = [];
    const pageRuns: RunResult[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      rawRuns.push(await openLoop(raw, options.rate, options.seconds * 1000));
      broRuns.push(await openLoop(bro, options.rate, options.seconds * 1000));
      pageRuns.push(await openLoop(pageOnly, options.rate, options.seconds * 1000));
      const runs = [rawRuns.at(-1)!, broRuns.at(-1)!, pageRuns.at(-1)!];
      log(`round ${round}: ${STRING_SEARCH_QUERY}: raw SQL, Bro, Bro _total=none: ${runs.map((run) => run.samples.length).join(', ')}`);
      for (const run of runs) if (run.firstError) log(`  first error: ${run.firstError}`);
    }
    let unindexedCount = -1;
    const unindexed = await closedLoop(
      () => pool.query<{ n: number }>(UNINDEXED_COUNT).then(({ rows }) => void (unindexedCount = rows[0].n)),
      1,
      Math.max(3, options.seconds) * 1000,
    );
    if (unindexedCount !== total) throw new Error(`${STRING_SEARCH_QUERY} answered total ${total}; the unindexed count is ${unindexedCount}`);
    log(`${STRING_SEARCH_QUERY}: total ${total.toLocaleString('en')} equals the unindexed count`);
    return { bro: merge(broRuns), pageOnly: merge(pageRuns), raw: merge(rawRuns), unindexed: merge([unindexed]), total };
  } finally {
    await pool.end();
  }
}
