/** Every BullMQ queue Bro uses. No queue name is spelled anywhere else. */
export enum QueueName {
  /** Outbox events, matched to notification recipients and Subscriptions. */
  Matching = 'matching',
  /** In-app notifications pushed to connected browsers over socket.io. */
  InAppDelivery = 'in-app-delivery',
  /** FHIR Subscription rest-hook POSTs. */
  RestHookDelivery = 'rest-hook-delivery',
  /** FHIR Subscription websocket notifications, handed to the API instances holding the sockets. */
  WebsocketDelivery = 'websocket-delivery',
  /** Delayed and repeating reminders, one generic job whose kind names the planner (see ReminderKind). */
  Reminders = 'reminders',
  /** Deliveries that gave up; listed and replayed by an operator. */
  DeadLetter = 'dead-letter',
  /** Registry CSV files loaded into the collaboration directory: one job per file, its progress and per-row report kept with it. */
  DirectoryImport = 'directory-import',
}

/** Redis pub/sub channels (and the keys that go with them), each followed by `:<id>` where one is per object. */
export enum RedisChannel {
  /** Per Subscription: its websocket notifications, from the worker to whichever API instance holds a bound socket. */
  SubscriptionNotifications = 'subscription-notifications',
}

/** Redis keys Bro keeps outside BullMQ, each followed by `:<id>`. */
export enum RedisKey {
  /** Per Subscription: how many notifications it has had (events-since-subscription-start). */
  SubscriptionEventCount = 'subscription-event-count',
  /** Per binding token (its SHA-256): the Subscription and caller it binds a websocket to. */
  WebsocketBindingToken = 'ws-binding-token',
}

/** Outbox topics: what kind of change an outbox row records. Handlers register per resource type and topic. */
export enum OutboxTopic {
  /** A version of a resource was stored or deleted (the FHIR store's own event, knowing no workflow): one per write. */
  ResourceChanged = 'resource.changed',
  /**
   * No longer written: a Task's transition was an event of its own before it joined the write's one
   * resource.changed event (as its `transition` fact). Events of it still owed from before the upgrade
   * are matched as before; the topic can go once no deployment has any left.
   */
  TaskTransition = 'task.transition',
}

/**
 * Kinds of reminder: the name of a reminder job, and how a job that fires finds the planner that
 * planned it (each kind belongs to one planner).
 */
export enum ReminderKind {
  /** A discharge task is due tomorrow. */
  TaskDueSoon = 'due-soon',
  /** A discharge task's due date has passed (then weekly). */
  TaskOverdue = 'overdue',
  /** A booked joint consultation starts in 24 hours. */
  ConsultationDayBefore = 'consultation-24h',
  /** A booked joint consultation starts within the hour. */
  ConsultationHourBefore = 'consultation-1h',
  /** A referral's assessment deadline has passed without the hospital's answer. */
  ReferralAssessmentOverdue = 'referral-assessment-overdue',
  /** A low-threshold case's triage deadline is the next working day. */
  TriageDueSoon = 'lowthreshold-due-soon',
  /** A low-threshold case's triage deadline has passed while it is open. */
  TriageOverdue = 'lowthreshold-overdue',
  /** A multidose update Task is due the next working day. */
  MultidoseUpdateDueSoon = 'multidose-update-due-soon',
  /** A multidose update Task's due date has passed while it is open. */
  MultidoseUpdateOverdue = 'multidose-update-overdue',
}

/** Socket.io event names, shared by the gateway and the web app. */
export enum LiveEvent {
  Notification = 'notification',
  Ready = 'ready',
}

/** Kinds of in-app notification. */
export enum NotificationKind {
  NewTask = 'new-task',
  UrgentTask = 'urgent-task',
  TaskContested = 'task-contested',
  TaskTakenBack = 'task-taken-back',
  TaskReassigned = 'task-reassigned',
  TaskCancelled = 'task-cancelled',
  InformationRequested = 'information-requested',
  /** The hospital answered the GP's question about a task: to the GP, whose task is back in progress. */
  InformationAnswered = 'information-answered',
  TaskDueSoon = 'task-due-soon',
  TaskOverdue = 'task-overdue',
  /** A booked joint consultation starts in 24 hours, or within the hour. */
  ConsultationSoon = 'consultation-soon',
  /** A participant is asked to a joint consultation (or asked again, with new times). */
  ConsultationInvitation = 'consultation-invitation',
  /** A participant answered a joint consultation: to the unit that planned it. */
  ConsultationAnswered = 'consultation-answered',
  /** Every required participant accepted one time: the joint consultation is booked. */
  ConsultationBooked = 'consultation-booked',
  /** A booked joint consultation's time or place changed, or it is open again. */
  ConsultationChanged = 'consultation-changed',
  /** A joint consultation was called off. */
  ConsultationCancelled = 'consultation-cancelled',
  /** A GP's referral reached the hospital unit that assesses it. */
  ReferralReceived = 'referral-received',
  /** The hospital answered a referral (called in, right to care, forwarded, advice): to the GP. */
  ReferralAnswered = 'referral-answered',
  /** The hospital rejected a referral: to the GP, with the reason and whether it went on to the low-threshold service. */
  ReferralRejected = 'referral-rejected',
  /** The GP withdrew a referral: to the hospital unit (and the low-threshold service of a routed one). */
  ReferralWithdrawn = 'referral-withdrawn',
  /** The hospital has not answered a referral by its assessment deadline: to the hospital unit. */
  ReferralOverdue = 'referral-overdue',
  /** A rejected referral was routed to a low-threshold service: to the GP. */
  ReferralRouted = 'referral-routed',
  /** A new case in a low-threshold service's queue. */
  TriageNewCase = 'lowthreshold-new-case',
  /** Someone at the low-threshold service took the case: to the GP. */
  TriageClaimed = 'lowthreshold-claimed',
  /** The low-threshold service closed the case with an outcome: to the GP. */
  TriageCompleted = 'lowthreshold-completed',
  /** A low-threshold case's triage deadline is near, or has passed: to the service. */
  TriageDeadline = 'lowthreshold-deadline',
  /** A discharge changed a multidose patient's medication: the responsible doctor is to send the updated list. */
  MultidoseChangePending = 'multidose-change-pending',
  /** The pharmacy asked for a change (M25.2): to the responsible doctor. */
  MultidoseChangeRequested = 'multidose-change-requested',
  /** A dispensing report after the due date shows the old list still packed: to the responsible doctor. */
  MultidoseOldList = 'multidose-old-list',
  /** A multidose update is due the next working day, or overdue: to its owner. */
  MultidoseUpdateDeadline = 'multidose-update-deadline',
  /** A patient 67 or more came back acutely within 30 days of a discharge: to the readmitting unit, to consider a joint consultation. */
  RevolvingDoor = 'revolving-door',
}
