/**
 * Sign-in ordering done in code: /auditLogs/signIns supports only $top, $skiptoken and $filter
 * (learn.microsoft.com/graph/api/signin-list), so the bot never asks Graph to sort them.
 */
import type { SignIn } from './types';

/** Newest first by createdDateTime (ISO 8601 UTC strings compare as dates); the input is not changed. */
export function newestFirst(signIns: readonly SignIn[]): SignIn[] {
  return [...signIns].sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime));
}
