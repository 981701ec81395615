import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { AccessPolicyService } from './access-policy.service';

@Module({ imports: [DirectoryModule], providers: [AccessPolicyService], exports: [AccessPolicyService, DirectoryModule] })
export class AccessModule {}
