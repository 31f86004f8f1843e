// The screens other than the leads list load as their own chunks, so the first screen does not
// wait for their code; prefetchViews() fetches them once the first screen is painted, so opening
// one later does not wait either.
import { lazy } from 'react';

const importers = {
  LeadDetailView: () => import('./LeadDetailView.tsx'),
  AppraisalsView: () => import('./AppraisalsView.tsx'),
  SmsListView: () => import('./SmsListView.tsx'),
  AutomationView: () => import('./AutomationView.tsx'),
  NotificationsView: () => import('./NotificationsView.tsx'),
  SettingsView: () => import('./SettingsView.tsx'),
};

export const LeadDetailView = lazy(() => importers.LeadDetailView().then((m) => ({ default: m.LeadDetailView })));
export const AppraisalsView = lazy(() => importers.AppraisalsView().then((m) => ({ default: m.AppraisalsView })));
export const SmsListView = lazy(() => importers.SmsListView().then((m) => ({ default: m.SmsListView })));
export const AutomationView = lazy(() => importers.AutomationView().then((m) => ({ default: m.AutomationView })));
export const NotificationsView = lazy(() => importers.NotificationsView().then((m) => ({ default: m.NotificationsView })));
export const SettingsView = lazy(() => importers.SettingsView().then((m) => ({ default: m.SettingsView })));

/** Fetches every screen's code in the background (the module cache keeps it for lazy()). */
export function prefetchViews(): void {
  for (const load of Object.values(importers)) void load().catch(() => undefined);
}
