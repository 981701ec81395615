import { Module } from '@nestjs/common';
import { FhirModule } from '../fhir/fhir.module';
import { SubscriptionRule } from './subscription.rule';

/** FHIR Subscriptions as resources: the checks on every write of one (API and worker alike). */
@Module({ imports: [FhirModule], providers: [SubscriptionRule] })
export class SubscriptionsModule {}
