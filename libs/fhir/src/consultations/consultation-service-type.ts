import { CodeableConcept } from '../fhir-types';

/**
 * What kind of meeting an Appointment is (Appointment.serviceType). Bro's consultation rules, notifications,
 * reminders and board figures take only Appointments carrying this coding, so another kind of Appointment
 * written to Bro later is left alone. Keep the code stable: the quality team counts by it.
 */
export const CONSULTATION_SERVICE_TYPE_SYSTEM = 'urn:bro:consultation-service-type';

export enum ConsultationServiceType {
  /** Felleskonsultasjon ved utskrivning: hospital doctor, GP and patient agree who follows up what. */
  JointDischargeConsultation = 'joint-discharge-consultation',
}

export const CONSULTATION_SERVICE_TYPES: Record<ConsultationServiceType, { display: string; displayEn: string; definition: string }> = {
  [ConsultationServiceType.JointDischargeConsultation]: {
    display: 'Felleskonsultasjon ved utskrivning',
    displayEn: 'Joint discharge consultation',
    definition: 'A meeting of hospital doctor, GP and patient (often by video) at discharge, to agree the split of follow-up',
  },
};

export function jointDischargeConsultationServiceType(): CodeableConcept {
  const code = ConsultationServiceType.JointDischargeConsultation;
  return { coding: [{ system: CONSULTATION_SERVICE_TYPE_SYSTEM, code, display: CONSULTATION_SERVICE_TYPES[code].display }] };
}

/** Whether an Appointment (or any resource with serviceType) is a joint discharge consultation. */
export function isJointDischargeConsultation(resource: { serviceType?: unknown }): boolean {
  const concepts = Array.isArray(resource.serviceType) ? (resource.serviceType as CodeableConcept[]) : [];
  return concepts.some((concept) =>
    concept?.coding?.some((coding) => coding?.system === CONSULTATION_SERVICE_TYPE_SYSTEM && coding.code === ConsultationServiceType.JointDischargeConsultation),
  );
}
