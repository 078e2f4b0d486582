/**
 * Several apps could match: the user picks one. Each button names its candidate by ids; those are
 * user-scope data and are re-checked server-side (the app is looked up again before any diagnosis).
 */
import type { AppCandidate } from '../diagnosis/types';
import { expandTemplate } from './render';
import template from './templates/chooseApp.json';
import { LIMITS, md, plain } from './text';
import type { AdaptiveCard } from './types';

export const MAX_CANDIDATES_SHOWN = 5;

function candidateData(c: AppCandidate): Record<string, string> | null {
  const data: Record<string, string> = {};
  if (c.appId) data.appId = c.appId;
  if (c.servicePrincipalId) data.servicePrincipalId = c.servicePrincipalId;
  return Object.keys(data).length > 0 ? data : null;
}

export function chooseAppCard(candidates: AppCandidate[]): AdaptiveCard {
  const choosable = [...candidates]
    .sort((a, b) => b.score - a.score)
    .flatMap((c) => {
      const data = candidateData(c);
      return data ? [{ candidate: c, data }] : [];
    });
  const shown = choosable.slice(0, MAX_CANDIDATES_SHOWN);
  const hidden = choosable.length - shown.length;
  return expandTemplate(template, {
    candidates: shown.map(({ candidate, data }) => ({
      name: md(candidate.displayName, LIMITS.name),
      why: md(candidate.why),
      title: `Choose ${plain(candidate.displayName, LIMITS.label)}`,
      data,
    })),
    hasMore: hidden > 0,
    moreText: `${hidden} less likely ${hidden === 1 ? 'match is' : 'matches are'} not shown.`,
  });
}
