import { MigrationInterface, QueryRunner } from 'typeorm';

/** `Endpoint` as the search-parameter declarations wanted it when this was written (frozen). */
const ENDPOINT_TABLE = `CREATE TABLE "fhir_endpoint" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_organization" text,
  "sp_connection_type" text,
  "sp_payload_type" text[],
  "sp_status" text
)`;

const ENDPOINT_INDEXES = [
  `CREATE INDEX "fhir_endpoint_last_updated_idx" ON "fhir_endpoint" ("last_updated", "id")`,
  `CREATE INDEX "fhir_endpoint_sp_identifier_idx" ON "fhir_endpoint" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_endpoint_sp_organization_idx" ON "fhir_endpoint" ("sp_organization")`,
  `CREATE INDEX "fhir_endpoint_sp_connection_type_idx" ON "fhir_endpoint" ("sp_connection_type")`,
  `CREATE INDEX "fhir_endpoint_sp_payload_type_idx" ON "fhir_endpoint" USING gin ("sp_payload_type")`,
  `CREATE INDEX "fhir_endpoint_sp_status_idx" ON "fhir_endpoint" ("sp_status")`,
];

/** The directory types that point at their electronic addresses (`endpoint`). */
const WITH_ENDPOINTS = ['fhir_organization', 'fhir_healthcare_service', 'fhir_practitioner_role'];

/** Relative references in `endpoint` of the stored resource, the form Bro's own writes use. */
const ENDPOINT_REFERENCES = `(SELECT array_agg(DISTINCT r->>'reference') FROM jsonb_array_elements(coalesce(resource->'endpoint', '[]'::jsonb)) r WHERE r->>'reference' ~ '^Endpoint/[A-Za-z0-9.-]{1,64}$')`;

/**
 * Folds a text for the directory's search as `foldForSearch` (string-folding.ts) does, then splits it into
 * words at spaces and ASCII punctuation, as the search splits what the user types (directory-query.ts):
 * accents off (NFKD, combining marks dropped), lower case, ø→o, æ→ae and the other letters Unicode does not
 * decompose. Tested against foldForSearch on the letters a Norwegian directory holds.
 */
const FOLD_FUNCTION = `CREATE FUNCTION directory_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(
    replace(replace(replace(replace(translate(
      regexp_replace(lower(normalize(coalesce(value, ''), NFKD)), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g'),
      'øđðłı', 'oddli'), 'æ', 'ae'), 'œ', 'oe'), 'ß', 'ss'), 'þ', 'th'),
    '[[:space:][:cntrl:]!-/:-@[-\`{-~]+', ' ', 'g'))
$$`;

/** The codes of an array of CodeableConcepts, each as `code` and as `system|code`: what the filters match. */
const CODES_FUNCTION = `CREATE FUNCTION directory_codes(concepts jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT code) FILTER (WHERE code IS NOT NULL), '{}')
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(concepts) = 'array' THEN concepts ELSE '[]'::jsonb END) concept,
         jsonb_array_elements(CASE WHEN jsonb_typeof(concept->'coding') = 'array' THEN concept->'coding' ELSE '[]'::jsonb END) coding,
         LATERAL (VALUES (coding->>'code'), ((coding->>'system') || '|' || (coding->>'code'))) AS codes(code)
$$`;

/** What people read of an array of CodeableConcepts (texts and displays), for the search text. */
const DISPLAYS_FUNCTION = `CREATE FUNCTION directory_displays(concepts jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_agg(DISTINCT shown, ' ')
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(concepts) = 'array' THEN concepts ELSE '[]'::jsonb END) concept
    LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(concept->'coding') = 'array' THEN concept->'coding' ELSE '[]'::jsonb END) coding ON true,
    LATERAL (VALUES (concept->>'text'), (coding->>'display')) AS shown_values(shown)
   WHERE shown IS NOT NULL
$$`;

/** The first display a person reads for an array of CodeableConcepts (Bro's own codings first). */
const FIRST_DISPLAY_FUNCTION = `CREATE FUNCTION directory_first_display(concepts jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(coding->>'display', concept->>'text')
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(concepts) = 'array' THEN concepts ELSE '[]'::jsonb END) WITH ORDINALITY AS c(concept, n)
    LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(concept->'coding') = 'array' THEN concept->'coding' ELSE '[]'::jsonb END) WITH ORDINALITY AS k(coding, m) ON true
   WHERE coalesce(coding->>'display', concept->>'text') IS NOT NULL
   ORDER BY n, (coding->>'system' LIKE 'urn:bro:%') DESC NULLS LAST, m
   LIMIT 1
$$`;

/** The district of the first address that names one. */
const DISTRICT_FUNCTION = `CREATE FUNCTION directory_address_district(resource jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT nullif(btrim(address->>'district'), '')
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(resource->'address') = 'array' THEN resource->'address' ELSE '[]'::jsonb END) address
   WHERE nullif(btrim(address->>'district'), '') IS NOT NULL
   LIMIT 1
$$`;

/** A person's name as people write it: the text, or the given names and the family name. */
const PERSON_NAME_FUNCTION = `CREATE FUNCTION directory_person_name(resource jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(nullif(name->>'text', ''), nullif(concat_ws(' ',
           (SELECT string_agg(given, ' ') FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(name->'given') = 'array' THEN name->'given' ELSE '[]'::jsonb END) given),
           name->>'family'), ''))
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(resource->'name') = 'array' THEN resource->'name' ELSE '[]'::jsonb END) WITH ORDINALITY AS n(name, i)
   ORDER BY (name->>'use' = 'official') DESC NULLS LAST, i
   LIMIT 1
$$`;

/** The active electronic addresses among Endpoint references, as the directory's card shows them. */
const ENDPOINTS_FUNCTION = `CREATE FUNCTION directory_endpoints(refs text[]) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'ref', 'Endpoint/' || e.id, 'name', e.resource->'name', 'address', e.resource->'address',
           'identifier', e.resource->'identifier', 'payloadType', e.resource->'payloadType') ORDER BY e.id), '[]'::jsonb)
    FROM fhir_endpoint e
   WHERE e.id IN (SELECT substr(r, 10) FROM unnest(refs) r WHERE starts_with(r, 'Endpoint/')) AND e.sp_status = 'active'
$$`;

/** The id of a relative reference of the given type (`Organization/abc` → `abc`), so joins use the primary key. */
const ID_FUNCTION = `CREATE FUNCTION directory_id(reference text, type text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN starts_with(reference, type || '/') THEN substr(reference, length(type) + 2) END
$$`;

/** A dateTime of a period as a time, when it is one (a bare year or month is no time a duty starts). */
const PERIOD_TIME_FUNCTION = `CREATE FUNCTION directory_period_time(value text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN value ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$' THEN value::timestamptz END
$$`;

/**
 * Re-derives the directory's rows for what changed (`Type/id` of any directory resource; NULL: everything),
 * in the caller's transaction: the entries themselves and those that show something of them (an
 * organisation's units, people and services show its name and district; a person's roles show their name;
 * whoever shows an address shows it). Upserts, then drops what is no longer an entry, so two transactions
 * refreshing the same entry never collide on a re-insert. The bulk loaders call it once with NULL.
 */
const REFRESH_FUNCTION = `CREATE FUNCTION refresh_directory_entries(changed text[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  affected text[];
  org_ids text[];
  service_ids text[];
  role_ids text[];
  kept text[];
  kept_duties text[];
BEGIN
  IF changed IS NULL THEN
    affected := ARRAY(
      SELECT 'Organization/' || id FROM fhir_organization
      UNION ALL SELECT 'HealthcareService/' || id FROM fhir_healthcare_service
      UNION ALL SELECT 'PractitionerRole/' || id FROM fhir_practitioner_role
      UNION SELECT ref FROM directory_entry
      UNION SELECT role FROM directory_duty);
  ELSE
    affected := ARRAY(
      SELECT unnest(changed)
      UNION SELECT 'Organization/' || id FROM fhir_organization WHERE sp_partof = ANY(changed)
      UNION SELECT 'PractitionerRole/' || id FROM fhir_practitioner_role
             WHERE sp_organization = ANY(changed) OR sp_practitioner = ANY(changed)
                OR sp_organization = ANY(ARRAY(SELECT 'Organization/' || id FROM fhir_organization WHERE sp_partof = ANY(changed)))
      UNION SELECT 'HealthcareService/' || id FROM fhir_healthcare_service
             WHERE sp_organization = ANY(changed)
                OR sp_organization = ANY(ARRAY(SELECT 'Organization/' || id FROM fhir_organization WHERE sp_partof = ANY(changed)))
      UNION SELECT e.ref FROM directory_entry e WHERE e.endpoint_refs && changed);
  END IF;
  org_ids := ARRAY(SELECT substr(a, 14) FROM unnest(affected) a WHERE a LIKE 'Organization/%');
  service_ids := ARRAY(SELECT substr(a, 19) FROM unnest(affected) a WHERE a LIKE 'HealthcareService/%');
  role_ids := ARRAY(SELECT substr(a, 18) FROM unnest(affected) a WHERE a LIKE 'PractitionerRole/%');

  -- What the entries show of others (an organisation's name and district, a person's name) is read once the
  -- writers of those others have committed: a role created while its unit is renamed never keeps the old name.
  -- FOR SHARE waits for a writer's lock and lets other readers through; a whole rebuild needs no such care.
  IF changed IS NOT NULL THEN
    PERFORM 1 FROM fhir_organization o
     WHERE o.id IN (SELECT directory_id(r.sp_organization, 'Organization') FROM fhir_practitioner_role r WHERE r.id IN (SELECT unnest(role_ids))
                    UNION SELECT directory_id(x.sp_organization, 'Organization') FROM fhir_healthcare_service x WHERE x.id IN (SELECT unnest(service_ids))
                    UNION SELECT directory_id(x.sp_partof, 'Organization') FROM fhir_organization x WHERE x.id IN (SELECT unnest(org_ids)))
     ORDER BY o.id FOR SHARE;
    PERFORM 1 FROM fhir_practitioner p
     WHERE p.id IN (SELECT directory_id(r.sp_practitioner, 'Practitioner') FROM fhir_practitioner_role r WHERE r.id IN (SELECT unnest(role_ids)))
     ORDER BY p.id FOR SHARE;
  END IF;

  WITH derived AS (
    SELECT 'Organization/' || o.id AS ref,
           CASE WHEN o.sp_type @> ARRAY['sv:urn:bro:organization-type|hospital-unit'] THEN 'hospital-unit'
                WHEN o.sp_type @> ARRAY['sv:urn:bro:organization-type|gp-office'] THEN 'gp-office'
                ELSE 'organization' END AS kind,
           o.resource->>'name' AS name,
           concat_ws(' ', o.resource->>'name',
             (SELECT string_agg(a, ' ') FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(o.resource->'alias') = 'array' THEN o.resource->'alias' ELSE '[]'::jsonb END) a)) AS own_text,
           concat_ws(' ', parent.resource->>'name', directory_displays(o.resource->'type'),
             coalesce(directory_address_district(o.resource), directory_address_district(parent.resource))) AS context_text,
           directory_first_display(o.resource->'type') AS type_display,
           directory_codes(o.resource->'type') AS types,
           '{}'::text[] AS specialties,
           o.sp_partof AS organization, parent.resource->>'name' AS organization_name, NULL::text AS practitioner,
           coalesce(directory_address_district(o.resource), directory_address_district(parent.resource)) AS district,
           coalesce(o.sp_endpoint, '{}') AS endpoint_refs,
           jsonb_build_object('telecom', coalesce(o.resource->'telecom', '[]'::jsonb), 'endpoints', directory_endpoints(o.sp_endpoint),
             'extension', coalesce(o.resource->'extension', '[]'::jsonb)) AS contact
      FROM fhir_organization o LEFT JOIN fhir_organization parent ON parent.id = directory_id(o.sp_partof, 'Organization')
     WHERE o.id IN (SELECT unnest(org_ids))
       AND coalesce(o.resource->>'active', 'true') <> 'false' AND nullif(o.resource->>'name', '') IS NOT NULL
    UNION ALL
    SELECT 'HealthcareService/' || s.id, 'municipal-service', s.resource->>'name',
           s.resource->>'name',
           concat_ws(' ', o.resource->>'name', directory_displays(s.resource->'type'), directory_displays(s.resource->'specialty'),
             coalesce(nullif(s.resource->'coverageArea'->0->>'display', ''), directory_address_district(o.resource), directory_address_district(parent.resource))),
           directory_first_display(s.resource->'type'),
           directory_codes(s.resource->'type') || directory_codes(s.resource->'category'),
           directory_codes(s.resource->'specialty'),
           s.sp_organization, o.resource->>'name', NULL,
           coalesce(nullif(s.resource->'coverageArea'->0->>'display', ''), directory_address_district(o.resource), directory_address_district(parent.resource)),
           coalesce(s.sp_endpoint, '{}'),
           jsonb_build_object('telecom', coalesce(s.resource->'telecom', '[]'::jsonb), 'endpoints', directory_endpoints(s.sp_endpoint),
             'availableTime', coalesce(s.resource->'availableTime', '[]'::jsonb))
      FROM fhir_healthcare_service s
      LEFT JOIN fhir_organization o ON o.id = directory_id(s.sp_organization, 'Organization')
      LEFT JOIN fhir_organization parent ON parent.id = directory_id(o.sp_partof, 'Organization')
     WHERE s.id IN (SELECT unnest(service_ids))
       AND coalesce(s.resource->>'active', 'true') <> 'false' AND nullif(s.resource->>'name', '') IS NOT NULL
    UNION ALL
    SELECT 'PractitionerRole/' || r.id, 'person', directory_person_name(p.resource),
           directory_person_name(p.resource),
           -- A person is found by their own name, role and specialty, not by their unit's name or district: those would
           -- bring every colleague along with the unit ("haukeland"), and the filters narrow by district.
           concat_ws(' ', directory_displays(r.resource->'code'), directory_displays(r.resource->'specialty')),
           directory_first_display(r.resource->'code'),
           directory_codes(r.resource->'code'),
           directory_codes(r.resource->'specialty'),
           r.sp_organization, o.resource->>'name', r.sp_practitioner,
           coalesce(directory_address_district(o.resource), directory_address_district(parent.resource)),
           CASE WHEN cardinality(r.sp_endpoint) > 0 THEN r.sp_endpoint ELSE coalesce(o.sp_endpoint, '{}') END,
           jsonb_build_object(
             'telecom', CASE WHEN jsonb_path_exists(coalesce(r.resource->'telecom', '[]'::jsonb), '$[*] ? (@.system == "phone")') THEN r.resource->'telecom'
                             ELSE coalesce(o.resource->'telecom', '[]'::jsonb) END,
             'endpoints', directory_endpoints(CASE WHEN cardinality(r.sp_endpoint) > 0 THEN r.sp_endpoint ELSE o.sp_endpoint END),
             'availableTime', coalesce(r.resource->'availableTime', '[]'::jsonb))
      FROM fhir_practitioner_role r
      JOIN fhir_practitioner p ON p.id = directory_id(r.sp_practitioner, 'Practitioner')
      LEFT JOIN fhir_organization o ON o.id = directory_id(r.sp_organization, 'Organization')
      LEFT JOIN fhir_organization parent ON parent.id = directory_id(o.sp_partof, 'Organization')
     WHERE r.id IN (SELECT unnest(role_ids))
       AND coalesce(r.resource->>'active', 'true') <> 'false' AND coalesce(p.resource->>'active', 'true') <> 'false'
       AND NOT coalesce(r.sp_role @> ARRAY['sv:urn:bro:practitioner-role|gp-questions-on-duty'], false)
       AND directory_person_name(p.resource) IS NOT NULL
  ),
  folded AS MATERIALIZED (
    SELECT d.*, ' ' || directory_fold(d.own_text) || ' ' AS name_text, ' ' || directory_fold(concat_ws(' ', d.own_text, d.context_text)) || ' ' AS search_text,
           nullif(directory_fold(d.district), '') AS district_key
      FROM derived d
  ),
  -- An unchanged entry is not rewritten: its trigram index entries stay as they are. Rows are written in one order,
  -- so an organisation's refresh and one of its people's never wait on each other in turn.
  entries AS (
    INSERT INTO directory_entry AS e (ref, kind, name, name_text, search_text, type_display, types, specialties, organization, organization_name,
                                      practitioner, district, district_key, endpoint_refs)
    SELECT f.ref, f.kind, f.name, f.name_text, f.search_text, f.type_display, f.types, f.specialties, f.organization, f.organization_name,
           f.practitioner, f.district, f.district_key, f.endpoint_refs
      FROM folded f
     ORDER BY f.ref
    ON CONFLICT (ref) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, name_text = EXCLUDED.name_text, search_text = EXCLUDED.search_text,
      type_display = EXCLUDED.type_display, types = EXCLUDED.types, specialties = EXCLUDED.specialties, organization = EXCLUDED.organization,
      organization_name = EXCLUDED.organization_name, practitioner = EXCLUDED.practitioner, district = EXCLUDED.district,
      district_key = EXCLUDED.district_key, endpoint_refs = EXCLUDED.endpoint_refs
    WHERE (e.kind, e.name, e.name_text, e.search_text, e.type_display, e.types, e.specialties, e.organization, e.organization_name, e.practitioner,
           e.district, e.district_key, e.endpoint_refs)
          IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.name, EXCLUDED.name_text, EXCLUDED.search_text, EXCLUDED.type_display, EXCLUDED.types,
           EXCLUDED.specialties, EXCLUDED.organization, EXCLUDED.organization_name, EXCLUDED.practitioner, EXCLUDED.district, EXCLUDED.district_key,
           EXCLUDED.endpoint_refs)
  ),
  cards AS (
    INSERT INTO directory_card AS c (ref, contact) SELECT f.ref, f.contact FROM folded f ORDER BY f.ref
    ON CONFLICT (ref) DO UPDATE SET contact = EXCLUDED.contact WHERE c.contact IS DISTINCT FROM EXCLUDED.contact
  ),
  -- The words typos are corrected to; in one order, so two writers adding the same words never wait on each other in turn.
  words AS (
    INSERT INTO directory_word (word)
    SELECT DISTINCT w FROM folded f, unnest(string_to_array(btrim(f.search_text), ' ')) AS w
     WHERE length(w) >= 3 AND NOT EXISTS (SELECT 1 FROM directory_word x WHERE x.word = w)
     ORDER BY w
    ON CONFLICT (word) DO NOTHING
  )
  SELECT coalesce(array_agg(f.ref), '{}') INTO kept FROM folded f;

  -- Who answers GPs' questions at a unit, and when: read with the unit's entry, never an entry of its own.
  WITH upserted AS (
    INSERT INTO directory_duty AS d (role, unit, during, name, phone)
    SELECT 'PractitionerRole/' || r.id, r.sp_organization,
           tstzrange(directory_period_time(r.resource->'period'->>'start'), directory_period_time(r.resource->'period'->>'end')),
           directory_person_name(p.resource),
           coalesce(jsonb_path_query_first(coalesce(r.resource->'telecom', '[]'::jsonb), '$[*] ? (@.system == "phone").value') #>> '{}',
                    jsonb_path_query_first(coalesce(p.resource->'telecom', '[]'::jsonb), '$[*] ? (@.system == "phone").value') #>> '{}')
      FROM fhir_practitioner_role r JOIN fhir_practitioner p ON p.id = directory_id(r.sp_practitioner, 'Practitioner')
     WHERE r.id IN (SELECT unnest(role_ids))
       AND r.sp_role @> ARRAY['sv:urn:bro:practitioner-role|gp-questions-on-duty'] AND r.sp_organization IS NOT NULL
       AND coalesce(r.resource->>'active', 'true') <> 'false'
       AND directory_period_time(r.resource->'period'->>'start') < directory_period_time(r.resource->'period'->>'end')
       AND directory_person_name(p.resource) IS NOT NULL
     ORDER BY 1
    ON CONFLICT (role) DO UPDATE SET unit = EXCLUDED.unit, during = EXCLUDED.during, name = EXCLUDED.name, phone = EXCLUDED.phone
    RETURNING d.role
  )
  SELECT coalesce(array_agg(u.role), '{}') INTO kept_duties FROM upserted u;

  DELETE FROM directory_entry e WHERE e.ref IN (SELECT unnest(affected)) AND e.ref NOT IN (SELECT unnest(kept));
  DELETE FROM directory_card c WHERE c.ref IN (SELECT unnest(affected)) AND c.ref NOT IN (SELECT unnest(kept));
  DELETE FROM directory_duty d WHERE d.role IN (SELECT unnest(affected)) AND d.role NOT IN (SELECT unnest(kept_duties));
END
$fn$`;

/**
 * Directory search: one call per keystroke, planned once per connection (PL/pgSQL keeps its plans).
 *
 * Every word typed (in the order typed) must start a word of the entry's search text (its own name and
 * aliases, its type and specialties, and for a unit or a service its hospital or provider and district): the
 * trigram GIN index finds the candidates of the longest word and the others are checked on those. One or two
 * letters are too few for trigrams: then the entry's own name must start with them, read in name order from a
 * b-tree and ranked among the first 1,000 such names.
 *
 * Only when these exact matches are fewer than three do typos count ("did you mean", not "also"): each word
 * of three letters or more is corrected to the directory's nearest words (`directory_word`: the four nearest
 * by trigram word similarity of at least 0.5, set here, through the GiST index — "haukland" is 0.58 from
 * "haukeland"; and for words of four letters or more the four with the same first letter within two edits of
 * the word or of its start, by fuzzystrmatch's levenshtein — "bjrn" is two from "bjor(n)"), and entries matching a spelling of every word follow the exact ones (one statement built as text:
 * a LIKE per spelling, so the index narrows by every word at once). The common keystroke never pays for
 * fuzzy matching, and a misspelt name still finds its entry.
 *
 * Ranked within each: entries whose own name matches before those found through their type or
 * organisation, then same district as the caller, recently collaborated with (`directory_collaboration`,
 * the last `p_recent_days`), then how close the name is (a whole word before a word start, a name that
 * starts with it, a shorter name; for typos the trigram similarity), then the name. The ranking reads
 * narrow rows; only the page's rows are joined to their cards (`directory_card`), and its hospital units
 * to who is on duty for GPs' questions today (the Oslo day). `p_only` narrows to given entries (or a
 * Practitioner's roles): "for this patient".
 */
const SEARCH_FUNCTION = `CREATE FUNCTION directory_search(
  p_words text[], p_kinds text[], p_types text[], p_specialties text[], p_district text, p_only text[], p_caller_orgs text[],
  p_recent_days int, p_limit int, p_offset int
) RETURNS TABLE (ref text, kind text, name text, type_display text, organization text, organization_name text, practitioner text, district text,
                 contact jsonb, same_district boolean, recent boolean, name_match boolean, score real, on_duty jsonb)
LANGUAGE plpgsql STABLE
SET pg_trgm.word_similarity_threshold = 0.5
AS $fn$
#variable_conflict use_variable
DECLARE
  word_count int := coalesce(cardinality(p_words), 0);
  longest text := (SELECT w FROM unnest(p_words) w ORDER BY length(w) DESC, w LIMIT 1);
  first_prefix text := '% ' || longest || '%';
  patterns text[] := ARRAY(SELECT '% ' || w || '%' FROM unnest(p_words) w);
  whole_words text[] := ARRAY(SELECT '% ' || w || ' %' FROM unnest(p_words) w);
  name_starts text := ' ' || array_to_string(p_words, ' ') || '%';
  name_from text := ' ' || array_to_string(p_words, ' ');
  name_to text := ' ' || array_to_string(p_words, ' ') || chr(1114111);
  query_text text := array_to_string(p_words, ' ');
  short boolean := coalesce(length(longest) < 3, true);
  caller_districts text[];
  partners text[];
  today tstzrange := tstzrange(date_trunc('day', now() AT TIME ZONE 'Europe/Oslo') AT TIME ZONE 'Europe/Oslo',
                               (date_trunc('day', now() AT TIME ZONE 'Europe/Oslo') + interval '1 day') AT TIME ZONE 'Europe/Oslo');
  page_refs text[];
  exact_count int;
  spellings text[];
  corrections int := 0;
  in_search text[] := '{}';
  in_name text[] := '{}';
  fuzzy_refs text[];
  -- Typos are looked for when the words as typed find fewer entries than this: "did you mean", not "also".
  FUZZY_BELOW constant int := 3;
BEGIN
  caller_districts := ARRAY(SELECT DISTINCT c.district_key FROM directory_entry c WHERE c.ref = ANY(p_caller_orgs) AND c.district_key IS NOT NULL);
  partners := ARRAY(SELECT c.partner FROM directory_collaboration c
                     WHERE c.organization = ANY(p_caller_orgs) AND c.last_at > now() - make_interval(days => p_recent_days));

  IF word_count = 0 THEN
    page_refs := ARRAY(
      SELECT e.ref FROM directory_entry e
       WHERE (p_kinds IS NULL OR e.kind = ANY(p_kinds)) AND (p_types IS NULL OR e.types && p_types)
         AND (p_specialties IS NULL OR e.specialties && p_specialties) AND (p_district IS NULL OR e.district_key = p_district)
         AND (p_only IS NULL OR e.ref = ANY(p_only) OR e.practitioner = ANY(p_only))
       ORDER BY coalesce(e.district_key = ANY(caller_districts), false) DESC,
                (e.ref = ANY(partners) OR coalesce(e.organization = ANY(partners), false)) DESC, e.name, e.ref
       LIMIT p_limit OFFSET p_offset);
  ELSIF short THEN
    page_refs := ARRAY(
      SELECT n.ref FROM (
        SELECT e.ref, e.name, e.district_key, e.organization FROM directory_entry e
         -- The range in the b-tree's own (byte) order, so a plan kept for any letters still reads the index in order.
         WHERE e.name_text ~>=~ name_from AND e.name_text ~<~ name_to
           AND (p_kinds IS NULL OR e.kind = ANY(p_kinds)) AND (p_types IS NULL OR e.types && p_types)
           AND (p_specialties IS NULL OR e.specialties && p_specialties) AND (p_district IS NULL OR e.district_key = p_district)
           AND (p_only IS NULL OR e.ref = ANY(p_only) OR e.practitioner = ANY(p_only))
         ORDER BY e.name_text USING ~<~ LIMIT 1000) n
       ORDER BY coalesce(n.district_key = ANY(caller_districts), false) DESC,
                (n.ref = ANY(partners) OR coalesce(n.organization = ANY(partners), false)) DESC, length(n.name), n.name, n.ref
       LIMIT p_limit OFFSET p_offset);
  ELSE
    page_refs := ARRAY(
      SELECT e.ref FROM directory_entry e
       WHERE e.search_text LIKE first_prefix AND e.search_text LIKE ALL (patterns)
         AND (p_kinds IS NULL OR e.kind = ANY(p_kinds)) AND (p_types IS NULL OR e.types && p_types)
         AND (p_specialties IS NULL OR e.specialties && p_specialties) AND (p_district IS NULL OR e.district_key = p_district)
         AND (p_only IS NULL OR e.ref = ANY(p_only) OR e.practitioner = ANY(p_only))
       ORDER BY e.name_text LIKE ALL (patterns) DESC,
                coalesce(e.district_key = ANY(caller_districts), false) DESC,
                (e.ref = ANY(partners) OR coalesce(e.organization = ANY(partners), false)) DESC,
                e.name_text LIKE ANY (whole_words) DESC, e.name_text LIKE name_starts DESC, length(e.name), e.name, e.ref
       LIMIT p_limit OFFSET p_offset);
    IF cardinality(page_refs) < p_limit THEN
      IF cardinality(page_refs) > 0 OR p_offset = 0 THEN
        exact_count := p_offset + cardinality(page_refs);
      ELSE
        SELECT count(*) INTO exact_count FROM directory_entry e
         WHERE e.search_text LIKE first_prefix AND e.search_text LIKE ALL (patterns)
           AND (p_kinds IS NULL OR e.kind = ANY(p_kinds)) AND (p_types IS NULL OR e.types && p_types)
           AND (p_specialties IS NULL OR e.specialties && p_specialties) AND (p_district IS NULL OR e.district_key = p_district)
           AND (p_only IS NULL OR e.ref = ANY(p_only) OR e.practitioner = ANY(p_only));
      END IF;
    END IF;
    IF exact_count < FUZZY_BELOW THEN
      -- Each word as typed or as one of its four nearest directory words: one LIKE per spelling, OR-ed per word and
      -- AND-ed over the words, so the trigram index narrows by every word at once (a bitmap per spelling) and each
      -- candidate is rechecked with plain LIKEs. Built as text (the words are letters and digits only; %L quotes them).
      FOR i IN 1 .. word_count LOOP
        -- Trigrams catch a wrong letter in a long word; a letter left out or two swapped in a short one ("bjrn",
        -- "nislen") are two edits at most from the word's start, among the words with the same first letter.
        spellings := ARRAY(SELECT DISTINCT spelling FROM unnest(ARRAY[p_words[i]] || ARRAY(
            SELECT x.word FROM directory_word x
             WHERE length(p_words[i]) >= 3 AND p_words[i] <% x.word AND NOT starts_with(x.word, p_words[i])
             ORDER BY p_words[i] <<-> x.word, x.word LIMIT 4) || ARRAY(
            SELECT x.word FROM directory_word x
             WHERE length(p_words[i]) >= 4 AND x.word ~>=~ left(p_words[i], 1) AND x.word ~<~ (left(p_words[i], 1) || chr(1114111))
               AND NOT starts_with(x.word, p_words[i])
               AND least(levenshtein_less_equal(p_words[i], left(x.word, length(p_words[i])), 2), levenshtein_less_equal(p_words[i], x.word, 2)) <= 2
             ORDER BY least(levenshtein_less_equal(p_words[i], left(x.word, length(p_words[i])), 2), levenshtein_less_equal(p_words[i], x.word, 2)), x.word
             LIMIT 4)) AS spelling);
        corrections := corrections + cardinality(spellings) - 1;
        in_search := in_search || ('(' || (SELECT string_agg(format('e.search_text LIKE %L', '% ' || w || '%'), ' OR ') FROM unnest(spellings) w) || ')');
        in_name := in_name || ('(' || (SELECT string_agg(format('e.name_text LIKE %L', '% ' || w || '%'), ' OR ') FROM unnest(spellings) w) || ')');
      END LOOP;
      IF corrections > 0 THEN
        -- The exact matches end on this page (or before it): entries with corrected words follow them.
        -- A correction common in the directory ("nordre") brings thousands: ranked first by the cheap keys, the
        -- first 200 then by how similar their names are to what was typed.
        EXECUTE format(
          'SELECT ARRAY(SELECT c.ref FROM (
             SELECT e.ref, e.name, e.name_text, (%s) AS own, coalesce(e.district_key = ANY($7), false) AS near,
                    (e.ref = ANY($8) OR coalesce(e.organization = ANY($8), false)) AS recent
               FROM directory_entry e
              WHERE %s AND NOT (e.search_text LIKE ALL ($1))
                AND ($2::text[] IS NULL OR e.kind = ANY($2)) AND ($3::text[] IS NULL OR e.types && $3)
                AND ($4::text[] IS NULL OR e.specialties && $4) AND ($5::text IS NULL OR e.district_key = $5)
                AND ($6::text[] IS NULL OR e.ref = ANY($6) OR e.practitioner = ANY($6))
              ORDER BY own DESC, near DESC, recent DESC, length(e.name), e.name, e.ref
              LIMIT greatest(200, $10 + $11)) c
             ORDER BY c.own DESC, c.near DESC, c.recent DESC, word_similarity($9, c.name_text) DESC, length(c.name), c.name, c.ref
             LIMIT $10 OFFSET $11)',
          array_to_string(in_name, ' AND '), array_to_string(in_search, ' AND '))
        INTO fuzzy_refs
        USING patterns, p_kinds, p_types, p_specialties, p_district, p_only, caller_districts, partners, query_text,
              p_limit - cardinality(page_refs), greatest(p_offset - exact_count, 0);
        page_refs := page_refs || fuzzy_refs;
      END IF;
    END IF;
  END IF;

  RETURN QUERY
  SELECT e.ref, e.kind, e.name, e.type_display, e.organization, e.organization_name, e.practitioner, e.district, c.contact,
         coalesce(e.district_key = ANY(caller_districts), false),
         (e.ref = ANY(partners) OR coalesce(e.organization = ANY(partners), false)),
         word_count = 0 OR e.name_text LIKE ALL (patterns),
         CASE WHEN word_count = 0 THEN 1 ELSE word_similarity(query_text, e.name_text) END,
         duty.on_duty
    FROM unnest(page_refs) WITH ORDINALITY AS p(ref, ord)
    JOIN directory_entry e ON e.ref = p.ref
    JOIN directory_card c ON c.ref = p.ref
    LEFT JOIN LATERAL (
      SELECT jsonb_build_object('role', d.role, 'name', d.name, 'phone', d.phone, 'start', lower(d.during), 'end', upper(d.during)) AS on_duty
        FROM directory_duty d WHERE e.kind = 'hospital-unit' AND d.unit = e.ref AND d.during && today
       ORDER BY d.during @> now() DESC, lower(d.during) LIMIT 1) duty ON true
   ORDER BY p.ord;
END
$fn$`;

/**
 * The collaboration directory: `Endpoint` stored and searchable, Organization, HealthcareService and
 * PractitionerRole searchable by it; the search projection `directory_entry` (one row per hospital unit,
 * GP office, service and person in a role, with its folded text under a trigram index) and the on-duty
 * roles `directory_duty`, both kept by the directory's write rules through `refresh_directory_entries`;
 * `directory_collaboration` (which organisations worked with which parties lately) for the ranking.
 */
export class Directory1765900000000 implements MigrationInterface {
  name = 'Directory1765900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(ENDPOINT_TABLE);
    for (const statement of ENDPOINT_INDEXES) await queryRunner.query(statement);
    for (const table of WITH_ENDPOINTS) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD COLUMN "sp_endpoint" text[]`);
      await queryRunner.query(`UPDATE "${table}" SET "sp_endpoint" = ${ENDPOINT_REFERENCES} WHERE resource ? 'endpoint'`);
      await queryRunner.query(`CREATE INDEX "${table}_sp_endpoint_idx" ON "${table}" USING gin ("sp_endpoint")`);
    }
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE TABLE "directory_entry" (
      "ref" text PRIMARY KEY,
      "kind" text NOT NULL,
      "name" text NOT NULL,
      "name_text" text NOT NULL,
      "search_text" text NOT NULL,
      "type_display" text,
      "types" text[] NOT NULL,
      "specialties" text[] NOT NULL,
      "organization" text,
      "organization_name" text,
      "practitioner" text,
      "district" text,
      "district_key" text,
      "endpoint_refs" text[] NOT NULL
    )`);
    // Read-mostly: every write goes straight into the index, so no search ever scans a pending list first.
    await queryRunner.query(`CREATE INDEX "directory_entry_search_idx" ON "directory_entry" USING gin ("search_text" gin_trgm_ops) WITH (fastupdate = off)`);
    // Names starting with what was typed, in name order: the one- and two-letter keystrokes.
    await queryRunner.query(`CREATE INDEX "directory_entry_name_text_idx" ON "directory_entry" ("name_text" text_pattern_ops)`);
    // What a card shows, apart from the narrow rows the ranking reads.
    await queryRunner.query(`CREATE TABLE "directory_card" ("ref" text PRIMARY KEY, "contact" jsonb NOT NULL)`);
    // Every word of the directory, for correcting typos: the nearest words by trigram similarity.
    await queryRunner.query(`CREATE TABLE "directory_word" ("word" text PRIMARY KEY)`);
    await queryRunner.query(`CREATE INDEX "directory_word_trgm_idx" ON "directory_word" USING gist ("word" gist_trgm_ops)`);
    // The words with a given first letter, for the edit distance of a short word's typo (fuzzystrmatch's levenshtein).
    await queryRunner.query(`CREATE INDEX "directory_word_pattern_idx" ON "directory_word" ("word" text_pattern_ops)`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`);
    await queryRunner.query(`CREATE INDEX "directory_entry_organization_idx" ON "directory_entry" ("organization")`);
    await queryRunner.query(`CREATE INDEX "directory_entry_practitioner_idx" ON "directory_entry" ("practitioner")`);
    await queryRunner.query(`CREATE INDEX "directory_entry_endpoint_refs_idx" ON "directory_entry" USING gin ("endpoint_refs") WITH (fastupdate = off)`);
    await queryRunner.query(`CREATE TABLE "directory_duty" (
      "role" text PRIMARY KEY,
      "unit" text NOT NULL,
      "during" tstzrange NOT NULL,
      "name" text NOT NULL,
      "phone" text
    )`);
    await queryRunner.query(`CREATE INDEX "directory_duty_unit_idx" ON "directory_duty" ("unit")`);
    await queryRunner.query(`CREATE TABLE "directory_collaboration" (
      "organization" text NOT NULL,
      "partner" text NOT NULL,
      "last_at" timestamptz NOT NULL,
      CONSTRAINT "directory_collaboration_pkey" PRIMARY KEY ("organization", "partner")
    )`);
    for (const statement of [
      FOLD_FUNCTION,
      ID_FUNCTION,
      CODES_FUNCTION,
      DISPLAYS_FUNCTION,
      FIRST_DISPLAY_FUNCTION,
      DISTRICT_FUNCTION,
      PERSON_NAME_FUNCTION,
      ENDPOINTS_FUNCTION,
      PERIOD_TIME_FUNCTION,
      REFRESH_FUNCTION,
      SEARCH_FUNCTION,
    ]) {
      await queryRunner.query(statement);
    }
    // The directory already stored becomes searchable at once.
    await queryRunner.query(`SELECT refresh_directory_entries(NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION directory_search(text[], text[], text[], text[], text, text[], text[], int, int, int)`,
    );
    await queryRunner.query(`DROP FUNCTION refresh_directory_entries(text[])`);
    for (const fn of [
      'directory_period_time(text)',
      'directory_endpoints(text[])',
      'directory_person_name(jsonb)',
      'directory_address_district(jsonb)',
      'directory_first_display(jsonb)',
      'directory_displays(jsonb)',
      'directory_codes(jsonb)',
      'directory_id(text, text)',
      'directory_fold(text)',
    ]) {
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    }
    await queryRunner.query(`DROP TABLE "directory_collaboration"`);
    await queryRunner.query(`DROP TABLE "directory_duty"`);
    await queryRunner.query(`DROP TABLE "directory_word"`);
    await queryRunner.query(`DROP TABLE "directory_card"`);
    await queryRunner.query(`DROP TABLE "directory_entry"`);
    for (const table of WITH_ENDPOINTS) {
      await queryRunner.query(`DROP INDEX "${table}_sp_endpoint_idx"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "sp_endpoint"`);
    }
    await queryRunner.query(`DELETE FROM "fhir_reference" WHERE "source_type" = 'Endpoint'`);
    await queryRunner.query(`DELETE FROM "fhir_identifier" WHERE "resource_type" = 'Endpoint'`);
    await queryRunner.query(`DELETE FROM "fhir_history" WHERE "resource_type" = 'Endpoint'`);
    await queryRunner.query(`DROP TABLE "fhir_endpoint"`);
    // pg_trgm and fuzzystrmatch stay: other objects may have come to use them.
  }
}
