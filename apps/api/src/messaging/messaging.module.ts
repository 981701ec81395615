import { Module } from '@nestjs/common';
import { FhirModule } from '../fhir/fhir.module';
import { ProcessMessageService } from './process-message.service';

/** FHIR messaging: `$process-message`, exactly once per message; features register their events. */
@Module({ imports: [FhirModule], providers: [ProcessMessageService], exports: [ProcessMessageService] })
export class MessagingModule {}
