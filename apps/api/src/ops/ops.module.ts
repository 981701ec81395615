import { Module } from '@nestjs/common';
import { DeadLettersController } from './dead-letters.controller';
import { OpsController } from './ops.controller';
import { QueueHealthService } from './queue-health.service';

@Module({ controllers: [OpsController, DeadLettersController], providers: [QueueHealthService], exports: [QueueHealthService] })
export class OpsModule {}
