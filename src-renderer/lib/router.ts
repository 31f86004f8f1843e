// A small hash router: `#/` (home: the inbox once there are replies, else the leads), `#/inbox`, `#/leads`, `#/leads/42`, `#/appraisals/7`, `#/sms`, `#/automation`, `#/notifications`, `#/settings`.
// Hash routes work the same from app:// and from the web host, with no server routes.
import { create } from 'zustand';

export type Route =
  | { name: 'home' }
  | { name: 'inbox' }
  | { name: 'leads' }
  | { name: 'lead'; customerId: number }
  | { name: 'appraisals'; appraisalId: number | null }
  | { name: 'sms' }
  | { name: 'automation' }
  | { name: 'templates' }
  | { name: 'notifications' }
  | { name: 'settings' }
  | { name: 'import' }
  | { name: 'reports' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split(/[?&]/)[0] ?? '';
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'home' };
  const id = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : null);
  switch (parts[0]) {
    case 'inbox':
      return { name: 'inbox' };
    case 'leads': {
      const customerId = id(parts[1]);
      return customerId ? { name: 'lead', customerId } : { name: 'leads' };
    }
    case 'appraisals':
      return { name: 'appraisals', appraisalId: id(parts[1]) };
    case 'sms':
      return { name: 'sms' };
    case 'automation':
      return { name: 'automation' };
    case 'templates':
      return { name: 'templates' };
    case 'notifications':
      return { name: 'notifications' };
    case 'settings':
      return { name: 'settings' };
    case 'import':
      return { name: 'import' };
    case 'reports':
      return { name: 'reports' };
    default:
      return { name: 'leads' };
  }
}

export function href(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'leads':
      return '#/leads';
    case 'lead':
      return `#/leads/${route.customerId}`;
    case 'appraisals':
      return route.appraisalId ? `#/appraisals/${route.appraisalId}` : '#/appraisals';
    default:
      return `#/${route.name}`;
  }
}

interface RouterState {
  route: Route;
}

export const useRouter = create<RouterState>(() => ({ route: parseRoute(typeof location === 'undefined' ? '' : location.hash) }));

export function navigate(route: Route): void {
  const target = href(route);
  if (location.hash !== target) location.hash = target;
  else useRouter.setState({ route });
}

export function startRouter(): () => void {
  const onHash = () => useRouter.setState({ route: parseRoute(location.hash) });
  window.addEventListener('hashchange', onHash);
  onHash();
  return () => window.removeEventListener('hashchange', onHash);
}
