#!/bin/sh
# Adds the Microsoft Graph application permissions Consent Doctor needs (docs/permissions.md) to the
# bot's Entra app and grants admin consent for them. Run once per tenant, signed in with `az login`
# as a Global Administrator or Privileged Role Administrator (granting app roles on Microsoft Graph
# requires one of them).
#   sh infra/grant-graph-permissions.sh <BOT_ID>              default: approvals written as the approver
#   sh infra/grant-graph-permissions.sh <BOT_ID> --app-writes APPROVAL_WRITES=app (high privilege)
# Default mode: the bot's app gets read permissions only; the delegated scopes its OAuth connection
# signs approvers in with are added and consented, and Entra limits each approver to their own role.
# Permission ids are looked up by name on the tenant's Microsoft Graph service principal rather than
# hard-coded, so a typo fails loudly here instead of silently granting the wrong role.
set -eu
BOT_ID="${1:?usage: $0 <bot app (client) id> [--app-writes]}"
MODE="${2:-}"
GRAPH=00000003-0000-0000-c000-000000000000
READS="Application.Read.All DelegatedPermissionGrant.Read.All Directory.Read.All User.Read.All GroupMember.Read.All Policy.Read.All ConsentRequest.Read.All AuditLog.Read.All RoleManagement.Read.Directory"
WRITES="Application.ReadWrite.All DelegatedPermissionGrant.ReadWrite.All AppRoleAssignment.ReadWrite.All"
DELEGATED_SCOPES="DelegatedPermissionGrant.ReadWrite.All AppRoleAssignment.ReadWrite.All Application.Read.All"
if [ "$MODE" = "--app-writes" ]; then PERMISSIONS="$WRITES $READS"; else PERMISSIONS="$READS"; fi

for name in $PERMISSIONS; do
  id=$(az ad sp show --id "$GRAPH" --query "appRoles[?value=='$name'].id | [0]" -o tsv)
  if [ -z "$id" ]; then
    echo "Microsoft Graph has no application permission named $name" >&2
    exit 1
  fi
  echo "adding $name ($id)"
  az ad app permission add --id "$BOT_ID" --api "$GRAPH" --api-permissions "$id=Role" --only-show-errors
done

if [ "$MODE" != "--app-writes" ]; then
  for name in $DELEGATED_SCOPES; do
    id=$(az ad sp show --id "$GRAPH" --query "oauth2PermissionScopes[?value=='$name'].id | [0]" -o tsv)
    if [ -z "$id" ]; then
      echo "Microsoft Graph has no delegated permission named $name" >&2
      exit 1
    fi
    echo "adding delegated $name ($id) for the approval sign-in"
    az ad app permission add --id "$BOT_ID" --api "$GRAPH" --api-permissions "$id=Scope" --only-show-errors
  done
fi

# The bot's service principal must exist before consent can be granted to it.
az ad sp show --id "$BOT_ID" >/dev/null 2>&1 || az ad sp create --id "$BOT_ID" --only-show-errors >/dev/null
az ad app permission admin-consent --id "$BOT_ID"
echo "Granted. Check: Entra admin center > App registrations > $BOT_ID > API permissions (all 'Granted')."
