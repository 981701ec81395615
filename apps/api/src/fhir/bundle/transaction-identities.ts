import { DomainError } from '../../common/errors/domain-error';

/**
 * The resources a transaction's entries act on (deletes, conditional creates that found one,
 * updates, patches), each by one entry only: FHIR fails a transaction whose entries overlap, since
 * the outcome would depend on the order Bro happened to apply them in.
 */
export class TransactionIdentities {
  private readonly claimed = new Map<string, number>();

  claim(target: string, index: number): void {
    const earlier = this.claimed.get(target);
    if (earlier !== undefined && earlier !== index) {
      throw DomainError.badRequest(`Bundle.entry[${earlier}] and this entry both act on ${target}; a transaction may act on a resource in one entry only`);
    }
    this.claimed.set(target, index);
  }
}
