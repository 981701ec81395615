import { Injectable, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATIENT_DATA_KEY } from './patient-data.decorators';

/**
 * Refuses to start when an HTTP route has not declared what it does with patient data (see
 * patient-data.decorators.ts): the audit trail is part of every endpoint by construction, not a
 * call each handler must remember.
 */
@Injectable()
export class PatientDataDeclarationsCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared = undeclaredRoutes(this.discovery, this.scanner, this.reflector);
    if (undeclared.length) {
      throw new Error(`these routes do not declare what they do with patient data (@ReturnsPatientData, @PatientDataAuditedInside or @NoPatientData): ${undeclared.join(', ')}`);
    }
  }
}

/** `METHOD /path` of every route whose handler and controller declare nothing. */
export function undeclaredRoutes(discovery: DiscoveryService, scanner: MetadataScanner, reflector: Reflector): string[] {
  const undeclared: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) continue;
      if (reflector.getAllAndOverride(PATIENT_DATA_KEY, [handler, metatype])) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      undeclared.push(`${method} ${String(Reflect.getMetadata(PATH_METADATA, metatype))}/${path}`);
    }
  }
  return undeclared;
}
