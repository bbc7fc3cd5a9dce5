import {
  Activity,
  Boxes,
  Building2,
  FlaskConical,
  Gauge,
  History,
  KeyRound,
  ScrollText,
  Server,
  Tags,
  Wrench,
} from 'lucide-react';
import type { LucideIcon } from 'lucide-react';

export interface NavItem {
  readonly to: string;
  readonly label: string;
  readonly icon: LucideIcon;
}

export const navItems: readonly NavItem[] = [
  { to: '/', label: 'Overview', icon: Activity },
  { to: '/tenants', label: 'Tenants', icon: Building2 },
  { to: '/clients', label: 'Clients & keys', icon: KeyRound },
  { to: '/upstreams', label: 'Upstreams', icon: Server },
  { to: '/tools', label: 'Tool catalog', icon: Wrench },
  { to: '/scopes', label: 'Scopes', icon: Tags },
  { to: '/budgets', label: 'Budgets', icon: Gauge },
  { to: '/simulator', label: 'Policy simulator', icon: FlaskConical },
  { to: '/audit', label: 'Audit', icon: ScrollText },
  { to: '/history', label: 'Config history', icon: History },
  { to: '/fleets', label: 'Fleets', icon: Boxes },
];
