import { Client } from 'pg';
import { expectedColumns, expectedIndexes } from '../../apps/api/src/fhir/store/fhir-schema.ddl';

/** The migrations must give every declared search parameter its column and its index. */
describe('FHIR store schema', () => {
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(() => db.end());

  it('has a typed column for every declared search parameter', async () => {
    const { rows } = await db.query<{ table_name: string; column_name: string; udt_name: string }>(
      `SELECT table_name, column_name, udt_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const actual = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.udt_name]));
    const udt = { text: 'text', 'text[]': '_text', timestamptz: 'timestamptz' };
    const missing = expectedColumns().filter((c) => actual.get(`${c.table}.${c.column}`) !== udt[c.sqlType]);
    expect(missing).toEqual([]);
  });

  it('has the index every declared search parameter needs', async () => {
    const { rows } = await db.query<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`);
    const actual = new Set(rows.map((r) => r.indexname));
    const missing = expectedIndexes().filter((index) => !actual.has(index.name));
    expect(missing).toEqual([]);
  });
});
