import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { FhirModule } from '../fhir/fhir.module';
import { MessagingModule } from '../messaging/messaging.module';
import { AdmissionRule } from './episode/admission.rule';
import { DischargeMedicationChangeRule } from './episode/discharge-medication-change.rule';
import { EreseptEventRule } from './episode/eresept-event.rule';
import { MultidoseEpisodeRule } from './episode/multidose-episode.rule';
import { MultidoseEpisodes } from './episode/multidose-episodes';
import { MultidoseEventMessageHandler } from './episode/multidose-event-message.handler';
import { MultidoseUpdateRule } from './episode/multidose-update.rule';
import { MultidoseLoadModule } from './multidose-load/multidose-load.module';
import { OfficeCapabilityController } from './offices/office-capability.controller';
import { OfficeCapabilityRule } from './offices/office-capability.rule';
import { OfficeCapabilityService } from './offices/office-capability.service';
import { CompleteListService } from './patients/complete-list.service';
import { MultidoseBadgesQuery } from './patients/multidose-badges.query';
import { MultidoseEpisodeViewService } from './patients/multidose-episode-view.service';
import { MultidosePatientListQuery } from './patients/multidose-patient-list.query';
import { MultidosePatientsController } from './patients/multidose-patients.controller';

/**
 * e-multidose: GP offices' capability (PLL, e-multidose, EPJ system) and, per patient, the multidose episode
 * and the safe medication changes at admission and discharge.
 */
@Module({
  imports: [FhirModule, DirectoryModule, MessagingModule, MultidoseLoadModule],
  controllers: [OfficeCapabilityController, MultidosePatientsController],
  providers: [
    OfficeCapabilityRule,
    OfficeCapabilityService,
    MultidoseEpisodes,
    MultidoseEpisodeRule,
    MultidoseUpdateRule,
    AdmissionRule,
    DischargeMedicationChangeRule,
    EreseptEventRule,
    MultidoseEventMessageHandler,
    MultidosePatientListQuery,
    MultidoseBadgesQuery,
    MultidoseEpisodeViewService,
    CompleteListService,
  ],
})
export class MultidoseModule {}
