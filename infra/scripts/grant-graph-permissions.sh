#!/bin/sh
# Grant the app's managed identity the Microsoft Graph application roles it uses (Bicep cannot grant admin consent):
#   GroupMember.Read.All   approver groups, transitive members, membership at decision time, a person's groups
#   User.Read.All          people by UPN or mail, managers for escalation
#   Mail.Send              sendMail as the sender mailbox (limit it to that mailbox: infra/README.md)
# Assigning an application role to a service principal IS the admin consent for it. Run once per environment, signed
# in (`az login`) as a Privileged Role Administrator or Global Administrator of the tenant. Already granted roles are
# left as they are, so running it again is harmless.
#
# Usage: grant-graph-permissions.sh
# Env:   AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID (an azd output; `azd env get-values`).
set -eu

client_id="${AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID:?AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID is not set (azd env get-values)}"
graph_app_id="00000003-0000-0000-c000-000000000000" # Microsoft Graph's well-known application id

identity_sp="$(az ad sp show --id "$client_id" --query id -o tsv)"
graph_sp="$(az ad sp show --id "$graph_app_id" --query id -o tsv)"
granted="$(az rest --method GET --uri "https://graph.microsoft.com/v1.0/servicePrincipals/$identity_sp/appRoleAssignments" --query "value[].appRoleId" -o tsv)"

for role in GroupMember.Read.All User.Read.All Mail.Send; do
  role_id="$(az ad sp show --id "$graph_app_id" --query "appRoles[?value=='$role' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)"
  if [ -z "$role_id" ]; then
    echo "Microsoft Graph has no application role $role" >&2
    exit 1
  fi

  if printf '%s\n' "$granted" | grep -qx "$role_id"; then
    echo "$role: already granted"
    continue
  fi

  az rest --method POST \
    --uri "https://graph.microsoft.com/v1.0/servicePrincipals/$identity_sp/appRoleAssignments" \
    --headers "Content-Type=application/json" \
    --body "{\"principalId\":\"$identity_sp\",\"resourceId\":\"$graph_sp\",\"appRoleId\":\"$role_id\"}" \
    --output none
  echo "$role: granted"
done

echo "Now limit Mail.Send to the sender mailbox (infra/README.md, \"Microsoft Graph and mail\")."
