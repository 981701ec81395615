/**
 * Prints the DDL the search-parameter declarations need (`npm run db:fhir-ddl`). A migration that
 * adds a parameter copies the statements for it; the schema test fails until one does.
 */
import { fhirStoreDdl } from '../apps/api/src/fhir/store/fhir-schema.ddl';

process.stdout.write(fhirStoreDdl().map((statement) => `${statement};`).join('\n\n') + '\n');
