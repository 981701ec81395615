import { Module } from '@nestjs/common';
import { ActorScopeService } from './actor-scope.service';

@Module({ providers: [ActorScopeService], exports: [ActorScopeService] })
export class DirectoryModule {}
