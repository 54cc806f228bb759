#!/bin/sh
# Put a legal hold on (or clear it from) evidence blobs already written, for example every blob of one
# release: evidence-legal-hold.sh set <releaseId>/
#
# The evidence container uses version-level immutability, where Azure allows legal holds only on blob
# versions, not on the container. Evidence blobs are written once (create-only), so each blob's current
# version is its only version; this script acts on the current version of every blob under PREFIX.
# The usual way is the app's auditor API (POST/DELETE /api/audit/releases/{id}/legal-hold, role evidence.read),
# which records the hold and its reason as evidence. This script is the operator's fallback, for example for a
# whole prefix; its holds are NOT recorded as evidence, so say why in your ticket system.
#
# Clearing a hold never lifts the time-based retention: a version stays immutable until both the
# retention period has passed and no hold remains.
#
# Usage: evidence-legal-hold.sh set|clear PREFIX
# Env:   AZURE_STORAGE_ACCOUNT_NAME, RELEASEPOLICY_EVIDENCE_CONTAINER (defaults to "evidence"); run
#        `azd env get-values` to see them. The caller signs in with `az login` and needs the rights for Set Blob
#        Legal Hold on the container: Azure's REST permission table names containers/write (in Storage Blob Data
#        Contributor), its ABAC reference names blobs/immutableStorage/runAsSuperUser/action (in the custom role
#        "ReleasePolicy Evidence Immutability Writer"); grant both just in time. This template grants neither to
#        any person.
set -eu

action="${1:-}"
prefix="${2:-}"
case "$action" in
  set) hold=true ;;
  clear) hold=false ;;
  *) echo "usage: $0 set|clear PREFIX" >&2; exit 2 ;;
esac
if [ -z "$prefix" ]; then
  echo "Give a prefix (e.g. a release id followed by /); an empty prefix is refused on purpose." >&2
  exit 2
fi

account="${AZURE_STORAGE_ACCOUNT_NAME:?AZURE_STORAGE_ACCOUNT_NAME is not set}"
container="${RELEASEPOLICY_EVIDENCE_CONTAINER:-evidence}"

count=0
for blob in $(az storage blob list --auth-mode login --account-name "$account" --container-name "$container" \
                --prefix "$prefix" --num-results "*" --query "[].name" --output tsv); do
  az storage blob set-legal-hold --auth-mode login --account-name "$account" --container-name "$container" \
    --name "$blob" --legal-hold "$hold" --output none
  count=$((count + 1))
done
echo "Legal hold $action: $count blob(s) under $container/$prefix."
