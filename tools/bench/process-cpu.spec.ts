import { worksFor } from './process-cpu';

describe('PostgreSQL processes a benchmark counts', () => {
  it('counts the shared processes and the backends of its own database only', () => {
    expect(worksFor('/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main', 'bro_bench')).toBe(true);
    expect(worksFor('postgres: 15/main: walwriter', 'bro_bench')).toBe(true);
    expect(worksFor('postgres: 15/main: checkpointer', 'bro_bench')).toBe(true);
    expect(worksFor('postgres: 15/main: postgres bro_bench 127.0.0.1(53124) idle', 'bro_bench')).toBe(true);
    expect(worksFor('postgres: 15/main: postgres bro_bench_handover 127.0.0.1(53124) INSERT', 'bro_bench')).toBe(false);
    expect(worksFor('postgres: 15/main: postgres bro_test_41 127.0.0.1(53125) idle in transaction', 'bro_bench')).toBe(false);
    expect(worksFor('postgres: 15/main: postgres bro_bench [local] idle', 'bro_bench')).toBe(true);
    expect(worksFor('postgres: 15/main: autovacuum worker bro_test_41', 'bro_bench')).toBe(false);
    expect(worksFor('postgres: 15/main: autovacuum worker bro_bench', 'bro_bench')).toBe(true);
  });
});
