import { Injectable } from '@nestjs/common';
import { SqlClient } from '../../database/sql-client';

/**
 * Keeps `consultation_load` (the board's row per joint consultation) in step with the Appointment in the
 * same transaction: the consultations a transaction touched are re-projected in one statement just
 * before it commits, and a rolled-back write leaves no trace.
 */
@Injectable()
export class ConsultationLoadProjection {
  async refresh(client: SqlClient, appointmentId: string): Promise<void> {
    if (client.commitBatch) {
      client.commitBatch.add('consultation-load', [appointmentId], (ids) => this.project(client, ids));
      return;
    }
    await this.project(client, [appointmentId]);
  }

  private async project(client: SqlClient, appointmentIds: string[]): Promise<void> {
    await client.query('SELECT refresh_consultation_load($1::text[])', [[...new Set(appointmentIds)]]);
  }
}
