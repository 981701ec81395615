import { Module } from '@nestjs/common';
import { OpsController } from './ops.controller';
import { QueueHealthService } from './queue-health.service';

@Module({ controllers: [OpsController], providers: [QueueHealthService], exports: [QueueHealthService] })
export class OpsModule {}
