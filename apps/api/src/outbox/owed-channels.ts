import { Injectable } from '@nestjs/common';
import { OwedChannel, OwedEffect } from './owed-by-batch';

/** The kernel's name for a kind of delivery channel (an abstract class such as NotificationsChannel). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ChannelKind<E extends OwedEffect> = abstract new (...args: any[]) => OwedChannel<E>;

/**
 * The delivery channels, each registered (in `onModuleInit`) under the kernel's name for its kind:
 * a handler asks its batch for "the notifications channel" and gets whichever module delivers them,
 * so workflows never import a channel and channels never name a workflow.
 */
@Injectable()
export class OwedChannels {
  private readonly channels = new Map<ChannelKind<OwedEffect>, OwedChannel<OwedEffect>>();

  provide<E extends OwedEffect>(kind: ChannelKind<E>, channel: OwedChannel<E>): void {
    if (this.channels.has(kind)) throw new Error(`${kind.name} is provided twice`);
    this.channels.set(kind, channel);
  }

  get<E extends OwedEffect>(kind: ChannelKind<E>): OwedChannel<E> {
    const channel = this.channels.get(kind);
    if (!channel) throw new Error(`no delivery channel provides ${kind.name} in this process`);
    return channel as OwedChannel<E>;
  }
}
