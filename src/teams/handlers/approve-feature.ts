/**
 * The admins' side of an approval: Action.Execute on the approval card (approveAll, approveUser, deny,
 * refreshApproval) and `audit <request>` in the approvals channel. Routes only: the logic lives in
 * src/approvals (click.ts decides and acts, execute.ts writes, publish.ts tells everyone).
 */
import type { TurnContext } from 'botbuilder';
import { handleApprovalClick } from '../../approvals/click';
import { APPROVAL_VERBS, type ApprovalVerb, type Trigger } from '../../approvals/decide-click';
import type { ExecuteOptions } from '../../approvals/execute';
import { sendInvokeReply } from '../invoke-reply';
import type { SignInResult } from '../../auth/approver-token';
import { approverSignIn } from '../auth/approver-sign-in';
import { turnLogger } from '../turn-logger';
import type { Services } from '../../services';
import type { Feature } from '../feature';
import { handleAuditCommand, parseAuditCommand } from './audit-command';
import { correlationIdFor } from './failures';
import { classifyFailure, type FailureKind } from './failure-text';
import { invokeTriggerOf } from './invoke-trigger';

/**
 * What a failed click answers. The click may have got part of the way, so the approver is sent to the
 * card before trying again; an unreachable storage is named, as for a failed message.
 */
export function clickFailedText(correlationId: string, kind: FailureKind): string {
  const what =
    kind === 'storage' ? 'Sorry! I could not reach my storage just now.' : 'Something went wrong on my side.';
  return (
    `${what} Please check the card in the approvals channel before trying again. ` +
    `If it keeps happening, give your IT helpdesk this reference: ${correlationId}`
  );
}

function triggerOf(context: TurnContext): Trigger {
  // An absent trigger is a click (the Playground sends none); the refresh has its own verb, which never writes.
  return invokeTriggerOf(context.activity.value);
}

function verbOf(context: TurnContext): ApprovalVerb | null {
  const verb: unknown = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
  return APPROVAL_VERBS.find((v) => v === verb) ?? null;
}

async function onClick(
  services: Services,
  context: TurnContext,
  data: unknown,
  options: ExecuteOptions,
  signIn?: () => Promise<SignInResult>,
): Promise<void> {
  const verb = verbOf(context);
  if (!verb) return;
  const from = context.activity.from;
  try {
    const reply = await handleApprovalClick(
      services,
      {
        verb,
        trigger: triggerOf(context),
        data,
        clicker: {
          aadObjectId: typeof from?.aadObjectId === 'string' ? from.aadObjectId.toLowerCase() : null,
          displayName: from?.name ?? null,
        },
        route: { serviceUrl: context.activity.serviceUrl, bot: context.activity.recipient },
        conversationId: typeof context.activity.conversation?.id === 'string' ? context.activity.conversation.id : null,
        ...(signIn ? { signIn } : {}),
      },
      options,
    );
    await sendInvokeReply(context, reply);
  } catch (err) {
    const correlationId = correlationIdFor(context);
    turnLogger(context, services.logger).error({ err, verb, correlationId }, 'approval click failed');
    await sendInvokeReply(context, { kind: 'message', text: clickFailedText(correlationId, classifyFailure(err)) });
  }
}

export function approvalFeatureWith(options: ExecuteOptions = {}): Feature {
  return (app, services) => {
    // Approvals written as the approver: teams-ai's OAuth Adaptive Card authentication (src/auth).
    const signInApprover = services.config.approvals.writes === 'delegated' ? approverSignIn(app, services) : null;
    app.adaptiveCards.actionExecute([...APPROVAL_VERBS], async (context, state, data) => {
      await onClick(
        services,
        context,
        data,
        options,
        signInApprover ? () => signInApprover(context, state) : undefined,
      );
      // The invoke response is already sent; teams-ai ignores this value.
      return '';
    });
    app.message(
      async (context) =>
        context.activity.conversation?.conversationType === 'channel' &&
        parseAuditCommand(context.activity.text) !== null,
      async (context) => {
        const command = parseAuditCommand(context.activity.text);
        if (command) await handleAuditCommand(services, context, command);
      },
    );
  };
}

export const approvalFeature: Feature = approvalFeatureWith();
