export type { AlertName, AlertNotice, AlertState, AlertSubject } from './alert-notice';
export { AlertNotifier } from './alert-notifier';
export { AlertVariables, alertsConfig, type AlertSettings } from './alerts.config';
export { AlertsModule } from './alerts.module';
export { IncidentTracker } from './incident-tracker';
