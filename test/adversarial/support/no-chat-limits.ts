/**
 * The chat limits out of the way, for suites about something else (Graph traffic, what intake does
 * with hostile text); limits.adversarial tests the limits themselves.
 */
export const NO_CHAT_LIMITS: Record<string, string> = {
  LIMIT_MESSAGES_PER_USER_PER_MINUTE: '100000',
  LIMIT_MESSAGES_PER_TENANT_PER_MINUTE: '1000000',
  LIMIT_DIAGNOSES_PER_USER_PER_HOUR: '100000',
  LIMIT_DIAGNOSES_PER_TENANT_PER_HOUR: '1000000',
  LIMIT_NEW_REQUESTS_PER_USER_PER_DAY: '100000',
  LIMIT_NEW_REQUESTS_PER_TENANT_PER_DAY: '1000000',
  LIMIT_PENDING_REQUESTS_PER_USER: '1000',
};
