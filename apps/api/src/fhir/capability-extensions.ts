import { Injectable } from '@nestjs/common';

/**
 * Extensions of the CapabilityStatement's `rest` that features contribute (where websocket
 * Subscriptions are bound, say), so /metadata lists them without the kernel knowing the feature.
 */
@Injectable()
export class CapabilityExtensions {
  private readonly extensions: Array<Record<string, unknown>> = [];

  add(extension: Record<string, unknown>): void {
    this.extensions.push(extension);
  }

  all(): Array<Record<string, unknown>> {
    return [...this.extensions];
  }
}
