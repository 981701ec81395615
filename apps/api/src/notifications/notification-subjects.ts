import { Injectable } from '@nestjs/common';
import { COMMUNICATION_CATEGORY_SYSTEM, InformationMessage, NotificationKind, Resource, informationTextOf } from '@app/fhir';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { FhirService } from '../fhir/fhir.service';
import { Notification } from './notification.store';

/** Whose a notification's resource is and what it says now, as the reader may see it. */
export interface NotificationSubject {
  patient?: { id: string; name?: string };
  status?: string;
  explanation?: string;
  /** The GP's question a notification of a question stands for, as the reader may read it. */
  question?: string;
}

/** The resource types a notification may be about whose patient a search can include (`<Type>:patient`). */
const WITH_PATIENT = new Set(['Task', 'Appointment', 'ServiceRequest', 'EpisodeOfCare', 'Communication', 'Encounter', 'MedicationStatement', 'Flag']);

/**
 * Names the patient of each notification's resource for the person reading the bell, and gives the
 * explanation the resource states (a GP's words when contesting). Notifications themselves never carry
 * either: they are stored once per recipient and pushed over the socket, where anyone in the room would
 * read them. This reads as the reader, through FhirService — one search per resource type with the
 * patients included — so the access policy decides what is named and every resource shown is audited;
 * a resource the reader may not see (or a role that sees no patient data) names nobody.
 */
@Injectable()
export class NotificationSubjects {
  constructor(private readonly fhir: FhirService) {}

  /** What each notification (by id) names for the reader. */
  async of(reader: Principal, notifications: Notification[]): Promise<Map<string, NotificationSubject>> {
    const idsByType = new Map<string, Set<string>>();
    for (const notification of notifications) {
      const [type, id] = notification.resource?.split('/') ?? [];
      if (type && id && WITH_PATIENT.has(type)) idsByType.set(type, (idsByType.get(type) ?? new Set()).add(id));
    }
    if (idsByType.size === 0) return new Map();
    const policy = await this.fhir.policyOf(reader);
    const byResource = new Map<string, NotificationSubject>();
    for (const [type, ids] of idsByType) {
      if (policy && !policy.may(type, 'search')) continue;
      for (const [reference, subject] of await this.search(reader, type, [...ids])) byResource.set(reference, subject);
    }
    // A question's words are looked up like a contest's explanation: only for tasks the reader was just shown.
    const asked = notifications.filter((n) => n.kind === NotificationKind.InformationRequested && n.resource && byResource.has(n.resource));
    const questions = asked.length && (!policy || policy.may('Communication', 'search')) ? await this.questionsOf(reader, asked) : new Map<string, string>();
    const subjects = new Map<string, NotificationSubject>();
    for (const notification of notifications) {
      const subject = notification.resource ? byResource.get(notification.resource) : undefined;
      const question = questions.get(notification.id);
      if (subject || question) subjects.set(notification.id, { ...subject, ...(question ? { question } : {}) });
    }
    return subjects;
  }

  /**
   * The question each notification of a question was sent for: the task's latest question sent before the
   * notification was made. One audited search as the reader, so the access policy decides here too.
   */
  private async questionsOf(reader: Principal, notifications: Notification[]): Promise<Map<string, string>> {
    const tasks = [...new Set(notifications.map((n) => n.resource!))];
    const found = await this.searchAsReader(reader, 'Communication', [
      ['based-on', tasks.join(',')],
      ['category', `${COMMUNICATION_CATEGORY_SYSTEM}|${InformationMessage.Question}`],
      ['_count', String(Math.min(1000, tasks.length * 20))],
    ]);
    const byTask = new Map<string, Array<{ at: number; text: string }>>(tasks.map((task) => [task, []]));
    for (const question of found?.matches ?? []) {
      const text = informationTextOf(question);
      const at = Date.parse(String(question.sent ?? question.meta?.lastUpdated));
      for (const basedOn of (question.basedOn as Array<{ reference?: string }> | undefined) ?? []) {
        if (text && basedOn.reference) byTask.get(basedOn.reference)?.push({ at, text });
      }
    }
    const questions = new Map<string, string>();
    for (const notification of notifications) {
      const made = Date.parse(notification.createdAt);
      const before = (byTask.get(notification.resource!) ?? []).filter((question) => !(question.at > made)).sort((a, b) => b.at - a.at);
      if (before[0]) questions.set(notification.id, before[0].text);
    }
    return questions;
  }

  /**
   * A search as the reader (access policy, audit), or undefined when it is refused: emergency access opens one
   * named patient at a time, so the bell then names nobody and quotes nothing, as for any refusal.
   */
  private async searchAsReader(reader: Principal, type: string, params: Array<[string, string]>) {
    try {
      return await this.fhir.search(this.fhir.parseSearch(type, params), { actor: reader });
    } catch (error) {
      if (error instanceof DomainError && [400, 403].includes(error.status)) return undefined;
      throw error;
    }
  }

  private async search(reader: Principal, type: string, ids: string[]): Promise<Map<string, NotificationSubject>> {
    const found = await this.searchAsReader(reader, type, [
      ['_id', ids.join(',')],
      ['_include', `${type}:patient`],
      ['_count', String(ids.length)],
    ]);
    if (!found) return new Map();
    const patients = new Map(found.included.filter((resource) => resource.resourceType === 'Patient').map((patient) => [`Patient/${patient.id}`, patient]));
    const subjects = new Map<string, NotificationSubject>();
    for (const resource of found.matches) {
      const patientReference = patientReferenceOf(resource);
      const patient = patientReference ? patients.get(patientReference) : undefined;
      const explanation = explanationOf(resource);
      subjects.set(`${type}/${resource.id}`, {
        ...(patient ? { patient: { id: patient.id!, name: personNameOf(patient.name) } } : {}),
        ...(typeof resource.status === 'string' ? { status: resource.status } : {}),
        ...(explanation ? { explanation } : {}),
      });
    }
    return subjects;
  }
}

function patientReferenceOf(resource: Resource): string | undefined {
  const subject = (resource.for ?? resource.subject ?? resource.patient) as { reference?: string } | undefined;
  if (subject?.reference?.startsWith('Patient/')) return subject.reference;
  // An Appointment names its patient among the participants.
  const participants = Array.isArray(resource.participant) ? (resource.participant as Array<{ actor?: { reference?: string } }>) : [];
  return participants.map((p) => p.actor?.reference).find((reference) => reference?.startsWith('Patient/'));
}

/** The free text the resource gives as the reason for its status (a contested or cancelled Task's statusReason). */
function explanationOf(resource: Resource): string | undefined {
  const reason = (resource.statusReason ?? resource.cancelationReason) as { text?: unknown } | undefined;
  return typeof reason?.text === 'string' && reason.text.trim() ? reason.text.trim() : undefined;
}

function personNameOf(names: unknown): string | undefined {
  const first = Array.isArray(names) ? (names[0] as { given?: string[]; family?: string; text?: string } | undefined) : undefined;
  if (!first) return undefined;
  return first.text ?? ([...(first.given ?? []), first.family].filter(Boolean).join(' ') || undefined);
}
