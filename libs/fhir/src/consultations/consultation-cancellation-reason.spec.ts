import { BRO_CANCELLATION_REASON_SYSTEM, cancellationReasonProblem, HL7_CANCELLATION_REASON_SYSTEM } from './consultation-cancellation-reason';

describe('why a consultation was cancelled', () => {
  it("takes HL7's codes and Bro's own", () => {
    expect(cancellationReasonProblem({ coding: [{ system: HL7_CANCELLATION_REASON_SYSTEM, code: 'pat' }] })).toBeUndefined();
    expect(cancellationReasonProblem({ coding: [{ system: BRO_CANCELLATION_REASON_SYSTEM, code: 'INGEN-FELLES-TID' }] })).toBeUndefined();
  });

  it('refuses none, an unknown code, and "other" without text', () => {
    expect(cancellationReasonProblem(undefined)).toMatch(/needs Appointment.cancelationReason coded/);
    expect(cancellationReasonProblem({ coding: [{ system: HL7_CANCELLATION_REASON_SYSTEM, code: 'oth-weath' }] })).toMatch(/coded/);
    expect(cancellationReasonProblem({ coding: [{ system: HL7_CANCELLATION_REASON_SYSTEM, code: 'other' }] })).toMatch(/needs the reason as text/);
    expect(cancellationReasonProblem({ coding: [{ system: HL7_CANCELLATION_REASON_SYSTEM, code: 'other' }], text: 'Tolk uteble' })).toBeUndefined();
  });
});
