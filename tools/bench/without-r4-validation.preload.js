// Preloaded into the benchmark's second API process (after ts-node): takes the R4 StructureDefinition
// check out of every write, leaving Bro's own rules, so one run can compare creates with and without it.
// The API calls the adapter's export at each write, so replacing the export is enough.
const path = require('node:path');

const adapter = require(path.resolve(__dirname, '../../apps/api/src/fhir/validation/structure-definition-validator.ts'));
adapter.validateAgainstR4 = () => [];
