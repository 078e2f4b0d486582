/**
 * The admin card's one table: every change either Approve button would make, with what each option
 * does about it and a risk marker. Pure; strings are escaped markdown (the card shows them as is).
 * Built from the two plans the view model holds, so a change the bot would not make never shows.
 */
import type { ChangeView, ScopeView } from './changes';
import { isHighPrivilegeScope } from './risk';
import { LIMITS, md } from './text';

export type RiskLevel = 'high' | 'admin' | 'unknown' | 'standard';

export interface OptionRow {
  change: string;
  /** Shown in the risk column; the container style carries the colour, not the text. */
  risk: string;
  riskStyle: 'attention' | 'warning' | 'default';
  everyone: string;
  user: string;
}

const RISK: Record<RiskLevel, { label: string; style: OptionRow['riskStyle'] }> = {
  high: { label: '⚠ High', style: 'attention' },
  admin: { label: 'Admin', style: 'warning' },
  unknown: { label: 'Unknown', style: 'warning' },
  standard: { label: 'Normal', style: 'default' },
};

export function scopeRiskLevel(scope: ScopeView): RiskLevel {
  if (isHighPrivilegeScope(scope)) return 'high';
  if (scope.type === 'Admin') return 'admin';
  if (scope.type === 'Unknown') return 'unknown';
  return 'standard';
}

interface Entry {
  key: string;
  change: string;
  risk: RiskLevel;
  everyone?: string;
  user?: string;
}

function entries(plan: ChangeView[], who: 'everyone' | 'user'): Entry[] {
  // The column headers say for whom; the cells stay short enough for a narrow card.
  const forWhom = 'Yes';
  return plan.flatMap((c): Entry[] => {
    switch (c.kind) {
      case 'grant_delegated':
        return c.scopes.map((s) => ({
          key: `grant:${c.resourceAppId}:${s.value.toLowerCase()}`,
          // Every scope says where it was seen asked for: the approver weighs a pasted link differently.
          change:
            `**${md(s.value, LIMITS.name)}** on ${md(c.resourceName, LIMITS.name)}${s.description ? `: ${md(s.description)}` : ''}` +
            ` _(asked in: ${s.sources.length > 0 ? s.sources.map((x) => md(x)).join(', ') : 'no recorded source'})_`,
          risk: scopeRiskLevel(s),
          [who]: forWhom,
        }));
      case 'assign_user':
        return [
          {
            key: 'assign',
            change: `Give ${md(c.userName, LIMITS.name)} access to the app (${md(c.appRoleName, LIMITS.name)})`,
            risk: 'standard',
            [who]: 'Yes',
          },
        ];
      case 'create_service_principal':
        return [
          {
            key: 'create',
            change: 'Add the app to this tenant (create its enterprise app)',
            risk: 'standard',
            [who]: 'Yes',
          },
        ];
      case 'manual':
        return [{ key: `manual:${c.title}`, change: `By hand: ${md(c.title)}`, risk: 'standard', [who]: 'You do it' }];
    }
  });
}

/** One row per distinct change, in the everyone plan's order, then what only the user plan adds. */
export function optionRows(everyonePlan: ChangeView[], userPlan: ChangeView[]): OptionRow[] {
  const rows = new Map<string, Entry>();
  for (const e of [...entries(everyonePlan, 'everyone'), ...entries(userPlan, 'user')]) {
    const seen = rows.get(e.key);
    rows.set(e.key, seen ? { ...seen, everyone: seen.everyone ?? e.everyone, user: seen.user ?? e.user } : e);
  }
  return [...rows.values()].map((e) => ({
    change: e.change,
    risk: RISK[e.risk].label,
    riskStyle: RISK[e.risk].style,
    everyone: e.everyone ?? 'No',
    user: e.user ?? 'No',
  }));
}
