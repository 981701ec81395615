import { Module } from '@nestjs/common';
import { OrganizationNames } from '../../directory/organization-names';
import { TaskLoadModule } from '../task-load/task-load.module';
import { QualityController } from './quality.controller';
import { QualityReportService } from './quality-report.service';

/** The quality team's dashboard of discharge hand-overs (`/api/quality`): the report as JSON and as CSV. */
@Module({
  imports: [TaskLoadModule],
  controllers: [QualityController],
  providers: [OrganizationNames, QualityReportService],
})
export class QualityModule {}
