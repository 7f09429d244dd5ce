import type { AlertNotice, AlertSubject } from './alert-notice';

interface OpenIncident {
  subject: AlertSubject;
  startedAt: Date;
}

/**
 * Turns conditions observed at each evaluation into notices: one `firing` when a condition starts, nothing while
 * it holds (however many messages it costs), one `resolved` when it ends; the next time it holds is a new
 * incident. Incidents are keyed by the caller (an alert and its connector), so two connectors' outages are two.
 * State is the process's own: a restarted worker fires again for a condition that still holds, which is wanted
 * (the notice that it was resolved may have been lost with the old process).
 */
export class IncidentTracker {
  private readonly open = new Map<string, OpenIncident>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /**
   * Records whether the condition `key` holds now. `describe` is only called when a notice is due, with the
   * subject of the incident's firing notice on resolution, so the resolved notice names what was firing.
   */
  observe(key: string, holds: boolean, describe: () => AlertSubject): AlertNotice | undefined {
    const incident = this.open.get(key);
    if (holds && !incident) {
      const opened: OpenIncident = { subject: describe(), startedAt: this.now() };
      this.open.set(key, opened);
      return { ...opened.subject, state: 'firing', startedAt: opened.startedAt.toISOString() };
    }
    if (!holds && incident) {
      this.open.delete(key);
      const { summary, details } = describe();
      return {
        ...incident.subject,
        summary,
        details,
        state: 'resolved',
        startedAt: incident.startedAt.toISOString(),
        resolvedAt: this.now().toISOString(),
      };
    }
    return undefined;
  }

  isOpen(key: string): boolean {
    return this.open.has(key);
  }
}
