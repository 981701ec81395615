import { Module } from '@nestjs/common';
import { BoardPanelsModule } from '../../board-panels/board-panels.module';
import { FhirModule } from '../../fhir/fhir.module';
import { ConsultationBoardPanelProvider } from './consultation-board-panel.provider';
import { ConsultationFiguresQuery } from './consultation-figures.query';
import { ConsultationQualityController } from './consultation-quality.controller';
import { ConsultationLoadProjection } from './consultation-load.projection';
import { ConsultationLoadRule } from './consultation-load.rule';

/**
 * `consultation_load`, the joint consultations' row per consultation: kept in step by its own Appointment
 * write rule, read by the consultations panel of the live board (registered here) in the API and the
 * worker alike, and by the quality team's figures (`/api/quality/consultations`).
 */
@Module({
  imports: [FhirModule, BoardPanelsModule],
  controllers: [ConsultationQualityController],
  providers: [ConsultationLoadProjection, ConsultationLoadRule, ConsultationFiguresQuery, ConsultationBoardPanelProvider],
  exports: [ConsultationLoadProjection, ConsultationFiguresQuery],
})
export class ConsultationLoadModule {}
