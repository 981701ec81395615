#!/usr/bin/env node
/**
 * The API's folder boundaries, checked on every `npm run lint`: the kernel never imports a delivery
 * channel or a workflow; a workflow imports only the kernel (it plugs into the channels through the
 * kernel's registries); and no two folders import each other, however indirectly. dependency-cruiser
 * reads the imports (TypeScript paths resolved); this script judges them per top-level folder.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = 'apps/api/src';

/** Every top-level folder of apps/api/src and what it is. A new folder must be placed here. */
export const LAYERS = {
  // What every workflow builds on: storage, FHIR, access and audit, the outbox and its registries.
  kernel: ['config', 'database', 'redis', 'common', 'auth', 'directory', 'access', 'audit', 'fhir', 'outbox', 'queues', 'http', 'security', 'health', 'messaging', 'board-panels'],
  // How changes reach people and systems, whatever the workflow: they serve what workflows register.
  channel: ['notifications', 'live', 'subscriptions', 'board', 'ops', 'privacy'],
  // One folder per workflow: each imports only the kernel, never another workflow or a channel.
  workflow: ['transfers', 'consultations', 'referrals', 'multidose', 'collaboration'],
  // Process wiring (main.ts and worker.ts build on it): may import anything; nothing imports it.
  entry: ['bootstrap'],
};

const layerOf = new Map(Object.entries(LAYERS).flatMap(([layer, folders]) => folders.map((folder) => [folder, layer])));

function folderOf(path) {
  if (!path.startsWith(`${SOURCE}/`)) return undefined;
  const parts = path.slice(SOURCE.length + 1).split('/');
  return parts.length > 1 ? parts[0] : undefined; // files at the root (main.ts, app.module.ts) wire everything together
}

function importsByFolder() {
  const bin = resolve(ROOT, 'node_modules/.bin/depcruise');
  const output = execFileSync(bin, [SOURCE, '--no-config', '--ts-config', 'tsconfig.json', '--exclude', '\\.spec\\.ts$', '--output-type', 'json'], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  const edges = new Map();
  for (const module of JSON.parse(output.toString()).modules) {
    const from = folderOf(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = folderOf(dependency.resolved);
      if (!to || to === from) continue;
      const key = `${from}>${to}`;
      if (!edges.has(key)) edges.set(key, { from, to, example: `${module.source} → ${dependency.resolved}` });
    }
  }
  return [...edges.values()];
}

function layerProblems(edges) {
  const problems = [];
  for (const { from, to, example } of edges) {
    const fromLayer = layerOf.get(from);
    const toLayer = layerOf.get(to);
    if (!fromLayer) problems.push(`${from}/ is in no layer: add it to LAYERS in tools/lint/folder-boundaries.mjs`);
    else if (!toLayer) problems.push(`${to}/ is in no layer: add it to LAYERS in tools/lint/folder-boundaries.mjs`);
    else if (toLayer === 'entry') problems.push(`only main.ts and worker.ts build on the process wiring: ${example}`);
    else if (fromLayer === 'entry') continue;
    else if (fromLayer === 'kernel' && toLayer !== 'kernel') problems.push(`the kernel imports a ${toLayer}: ${example}`);
    else if (fromLayer === 'workflow' && toLayer !== 'kernel') problems.push(`a workflow imports a ${toLayer} (plug in through the kernel's registries instead): ${example}`);
  }
  return [...new Set(problems)];
}

/** Folders that import each other, directly or round a loop (strongly connected components of more than one). */
function cycles(edges) {
  const graph = new Map();
  for (const { from, to } of edges) graph.set(from, [...(graph.get(from) ?? []), to]);
  let index = 0;
  const indices = new Map();
  const lowlinks = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (node) => {
    indices.set(node, index);
    lowlinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowlinks.set(node, Math.min(lowlinks.get(node), lowlinks.get(next)));
      } else if (onStack.has(next)) lowlinks.set(node, Math.min(lowlinks.get(node), indices.get(next)));
    }
    if (lowlinks.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found.map((component) => {
    const inside = edges.filter((e) => component.includes(e.from) && component.includes(e.to));
    return `these folders import each other: ${component.join(', ')}\n    ${inside.map((e) => e.example).join('\n    ')}`;
  });
}

const edges = importsByFolder();
const problems = [...layerProblems(edges), ...cycles(edges)];
if (problems.length) {
  console.error(`folder boundaries: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`folder boundaries: ${edges.length} folder-to-folder imports, all within the layers, no cycles`);
