import fhirpath, { Model } from 'fhirpath';
import * as r4 from 'fhirpath/fhir-context/r4';

/**
 * Bro's one door to the `fhirpath` engine (FHIRPath over the R4 model), so an upgrade touches this file
 * only. It answers where in the resource's JSON an expression's results sit, which FHIRPath Patch
 * needs in order to change them, and what the R4 model says about an element.
 */

const R4 = r4 as unknown as Model & {
  path2Type: Record<string, string>;
  path2Repeating: Record<string, boolean>;
  choiceTypePaths: Record<string, string[]>;
  type2Parent: Record<string, string>;
};

/** Where one result of an expression sits: `owner[name]` (at `index` when the element repeats); no owner for the resource itself. */
export interface ElementLocation {
  owner: Record<string, unknown> | null;
  name: string;
  index: number | null;
  value: unknown;
  /** The element's FHIR type (`HumanName`, `string`) and, for backbone elements, its path in the model (`Patient.contact`). */
  type?: string;
  modelPath?: string;
}

/** An expression the engine cannot parse or run. */
export class FhirPathError extends Error {}

interface ResourceNode {
  parentResNode: ResourceNode | null;
  propName: string | null;
  index: number | null;
  data: unknown;
  path: string | null;
  fhirNodeDataType?: string;
}

/** The results of `expression` on `resource`, each with where it sits. */
export function locate(resource: object, expression: string): ElementLocation[] {
  let nodes: unknown[];
  try {
    nodes = fhirpath.evaluate(resource, expression, {}, R4, { resolveInternalTypes: false }) as unknown[];
  } catch (error) {
    throw new FhirPathError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  return nodes.flatMap((node): ElementLocation[] => {
    const n = node as ResourceNode;
    if (!n || typeof n !== 'object' || !('parentResNode' in n)) return [];
    if (!n.parentResNode) return n.data === resource ? [{ owner: null, name: '', index: null, value: n.data, type: n.fhirNodeDataType, modelPath: n.path ?? undefined }] : [];
    if (!n.propName) return [];
    const owner = n.parentResNode.data;
    if (!owner || typeof owner !== 'object') return [];
    return [{ owner: owner as Record<string, unknown>, name: n.propName, index: n.index, value: n.data, type: n.fhirNodeDataType, modelPath: n.path ?? undefined }];
  });
}

/** The model's element `name` on a node of `type` (or at `modelPath` for a backbone element), with inherited elements; undefined if R4 has none. */
export function elementOf(type: string | undefined, modelPath: string | undefined, name: string): { repeating: boolean } | undefined {
  const owners: string[] = [];
  if (modelPath) owners.push(modelPath);
  for (let t = type; t; t = R4.type2Parent[t]) owners.push(t);
  owners.push('Element');
  for (const owner of owners) {
    const key = `${owner}.${name}`;
    if (R4.path2Type[key] !== undefined) return { repeating: R4.path2Repeating[key] === true };
    // A choice element is named with its type (`deceasedBoolean`, `valueString`).
    for (const [base, types] of Object.entries(R4.choiceTypePaths)) {
      if (!base.startsWith(`${owner}.`)) continue;
      const stem = base.slice(owner.length + 1);
      if (!stem.includes('.') && name.startsWith(stem) && types.some((t) => `${stem}${t[0].toUpperCase()}${t.slice(1)}` === name)) return { repeating: false };
    }
  }
  return undefined;
}
