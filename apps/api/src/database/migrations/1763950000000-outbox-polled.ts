import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox no longer NOTIFYs on insert: PostgreSQL serialises every committing transaction that
 * has notified (one global queue lock at commit), which capped concurrent writes. The relay polls a
 * partial index instead, every few milliseconds when idle, which costs next to nothing.
 */
export class OutboxPolled1763950000000 implements MigrationInterface {
  name = 'OutboxPolled1763950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "outbox_wake_relay" ON "outbox"`);
    await queryRunner.query(`DROP FUNCTION "outbox_wake_relay"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION "outbox_wake_relay"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('bro_outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "outbox_wake_relay" AFTER INSERT ON "outbox" FOR EACH STATEMENT EXECUTE FUNCTION "outbox_wake_relay"()`);
  }
}
