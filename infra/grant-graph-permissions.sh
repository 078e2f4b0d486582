#!/bin/sh
# Adds the Microsoft Graph application permissions Consent Doctor needs (docs/permissions.md) to the
# bot's Entra app and grants admin consent for them. Run once per tenant, signed in with `az login`
# as a Global Administrator or Privileged Role Administrator (granting app roles on Microsoft Graph
# requires one of them).
#   sh infra/grant-graph-permissions.sh <BOT_ID>
# Permission ids are looked up by name on the tenant's Microsoft Graph service principal rather than
# hard-coded, so a typo fails loudly here instead of silently granting the wrong role.
set -eu
BOT_ID="${1:?usage: $0 <bot app (client) id>}"
GRAPH=00000003-0000-0000-c000-000000000000
PERMISSIONS="Application.ReadWrite.All DelegatedPermissionGrant.ReadWrite.All AppRoleAssignment.ReadWrite.All Directory.Read.All User.Read.All GroupMember.Read.All Policy.Read.All ConsentRequest.Read.All AuditLog.Read.All RoleManagement.Read.Directory"

for name in $PERMISSIONS; do
  id=$(az ad sp show --id "$GRAPH" --query "appRoles[?value=='$name'].id | [0]" -o tsv)
  if [ -z "$id" ]; then
    echo "Microsoft Graph has no application permission named $name" >&2
    exit 1
  fi
  echo "adding $name ($id)"
  az ad app permission add --id "$BOT_ID" --api "$GRAPH" --api-permissions "$id=Role" --only-show-errors
done

# The bot's service principal must exist before consent can be granted to it.
az ad sp show --id "$BOT_ID" >/dev/null 2>&1 || az ad sp create --id "$BOT_ID" --only-show-errors >/dev/null
az ad app permission admin-consent --id "$BOT_ID"
echo "Granted. Check: Entra admin center > App registrations > $BOT_ID > API permissions (all 'Granted')."
