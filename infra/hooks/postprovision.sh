#!/bin/sh
# azd postprovision hook: lock the evidence container's default retention policy when asked to.
#
# Azure refuses to update a locked immutability policy through a template (only the "extend" action is
# allowed), so infra/main.bicep stops declaring the policy once RELEASEPOLICY_EVIDENCE_POLICY_STATE is
# Locked, and this script takes over:
#   no policy yet            -> create it with RELEASEPOLICY_EVIDENCE_RETENTION_DAYS, then lock it
#   Unlocked                 -> lock it (IRREVERSIBLE)
#   Locked, shorter period   -> extend it to RELEASEPOLICY_EVIDENCE_RETENTION_DAYS
#   Locked, longer period    -> leave it (a locked policy can never be shortened) and say so
# Inputs are azd environment values (outputs of main.bicep). Needs the Azure CLI, signed in with
# management rights on the storage account.
set -eu

state="${RELEASEPOLICY_EVIDENCE_POLICY_STATE:-Unlocked}"
if [ "$state" != "Locked" ]; then
  echo "Evidence retention policy: Unlocked (set RELEASEPOLICY_EVIDENCE_POLICY_STATE=Locked to lock it; see infra/README.md)."
  exit 0
fi

rg="${AZURE_RESOURCE_GROUP:?AZURE_RESOURCE_GROUP is not set}"
account="${AZURE_STORAGE_ACCOUNT_NAME:?AZURE_STORAGE_ACCOUNT_NAME is not set}"
container="${RELEASEPOLICY_EVIDENCE_CONTAINER:-evidence}"
days="${RELEASEPOLICY_EVIDENCE_RETENTION_DAYS:?RELEASEPOLICY_EVIDENCE_RETENTION_DAYS is not set}"

if ! command -v az >/dev/null 2>&1; then
  echo "The Azure CLI (az) is needed to lock the evidence retention policy." >&2
  exit 1
fi

show() {
  az storage container immutability-policy show \
    --resource-group "$rg" --account-name "$account" --container-name "$container" \
    --query "$1" --output tsv
}

current_days="$(show immutabilityPeriodSinceCreationInDays)"
if [ -z "$current_days" ] || [ "$current_days" = "0" ]; then
  echo "Creating the evidence retention policy ($days days)."
  az storage container immutability-policy create \
    --resource-group "$rg" --account-name "$account" --container-name "$container" \
    --period "$days" --allow-protected-append-writes false --output none
  current_days="$days"
fi

current_state="$(show state)"
etag="$(show etag)"

if [ "$current_state" = "Unlocked" ]; then
  echo "LOCKING the evidence retention policy on $account/$container ($current_days days). This cannot be undone."
  az storage container immutability-policy lock \
    --resource-group "$rg" --account-name "$account" --container-name "$container" \
    --if-match "$etag" --output none
  current_state="Locked"
  etag="$(show etag)"
fi

if [ "$current_days" -lt "$days" ]; then
  echo "Extending the locked evidence retention policy from $current_days to $days days."
  az storage container immutability-policy extend \
    --resource-group "$rg" --account-name "$account" --container-name "$container" \
    --period "$days" --if-match "$etag" --output none
elif [ "$current_days" -gt "$days" ]; then
  echo "Warning: the locked policy keeps evidence $current_days days; a locked policy cannot be shortened to $days." >&2
fi

echo "Evidence retention policy on $account/$container: $current_state, $(show immutabilityPeriodSinceCreationInDays) days."
