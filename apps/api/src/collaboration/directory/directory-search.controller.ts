import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { DirectorySearchPage } from '@app/fhir/api/directory-answers';
import { PatientDataAuditedInside } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { FhirService } from '../../fhir/fhir.service';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { QueryParams } from '../../http/query-params';
import { readDirectoryQuery } from './directory-query';
import { DirectorySearchService } from './directory-search.service';

/** "Finn samarbeidspartner": the directory's type-ahead search, and the parties involved around a patient. */
@Controller('api/directory')
@UseFilters(ApiExceptionFilter)
export class DirectorySearchController {
  constructor(
    private readonly fhir: FhirService,
    private readonly directory: DirectorySearchService,
  ) {}

  @Get('search')
  @PatientDataAuditedInside(
    'DirectorySearchService: the directory holds no patient data; with patient=, the Patient is an audited FhirService read (404 when the caller may not see it) and every Task, Encounter, Appointment, ServiceRequest and EpisodeOfCare the parties come from is audited',
  )
  async search(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<DirectorySearchPage> {
    const parsed = readDirectoryQuery(query);
    const caller = await this.fhir.policyOf(principal);
    if (!caller) throw new Error('a signed-in caller has an access policy');
    return this.directory.search(caller, parsed);
  }
}
