#!/bin/sh
# azd postprovision hook. Two jobs, in this order:
#   1. create every Key Vault secret the app settings reference and that does not exist yet (never overwrite one):
#        RELEASEPOLICY_PIPELINE_KEY_SECRET_NAME, _ADMIN_KEY_, _AUDITOR_KEY_   API keys, 64 hex characters
#        RELEASEPOLICY_APPROVAL_SIGNING_KEY_SECRET_NAME                        64 hex characters
#        RELEASEPOLICY_EVIDENCE_SIGNING_KEY_SECRET_NAME                        PKCS#8 EC P-256 private key (PEM)
#      Values go from openssl straight into Key Vault; none is printed, logged or written to the azd environment.
#      Hex, not base64, for the keys: the pipeline key may travel in a webhook URL's `code` parameter, where `+`,
#      `/` and `=` would need escaping.
#   2. lock (or extend) the evidence container's default retention policy when RELEASEPOLICY_EVIDENCE_POLICY_STATE
#      is Locked (see below).
# Inputs are azd environment values (outputs of infra/main.bicep). Needs the Azure CLI and openssl, signed in as the
# deployer: Key Vault Secrets Officer on the vault (main.bicep grants it unless deployerSetsSecrets=false) and
# management rights on the storage account for the lock.
set -eu

if ! command -v az >/dev/null 2>&1; then
  echo "The Azure CLI (az) is needed by infra/hooks/postprovision.sh." >&2
  exit 1
fi

# ---- 1. Secrets -------------------------------------------------------------------------------------------------

vault="${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is not set}"
generated=0

# Secret values are written to files only we can read, handed to az with --file, and removed.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT INT TERM
chmod 700 "$scratch"

# Names of the secrets already in the vault. The deployer's Key Vault role may be minutes old (RBAC propagation),
# so a refusal is retried for a while before giving up.
existing=""
attempt=1
while :; do
  if existing="$(az keyvault secret list --vault-name "$vault" --query "[].name" --output tsv 2>"$scratch/az.err")"; then
    break
  fi
  if [ "$attempt" -ge 10 ]; then
    cat "$scratch/az.err" >&2
    echo "Cannot list the secrets of $vault. Grant yourself Key Vault Secrets Officer on it, or create the secrets by hand (infra/README.md)." >&2
    exit 1
  fi
  echo "Waiting for Key Vault access on $vault (attempt $attempt of 10)..."
  attempt=$((attempt + 1))
  sleep 30
done

has_secret() {
  printf '%s\n' "$existing" | grep -qx "$1"
}

store_secret() { # name file content-type
  az keyvault secret set --vault-name "$vault" --name "$1" --file "$2" --encoding utf-8 \
    --content-type "$3" --output none
  rm -f "$2"
  generated=$((generated + 1))
  echo "Created Key Vault secret $1."
}

random_key() { # name
  name="$1"
  if has_secret "$name"; then
    echo "Key Vault secret $name exists; left as it is."
    return
  fi
  (umask 077 && openssl rand -hex 32 | tr -d '\n' > "$scratch/value")
  store_secret "$name" "$scratch/value" "text/plain"
}

signing_key() { # name
  name="$1"
  if has_secret "$name"; then
    echo "Key Vault secret $name exists; left as it is."
    return
  fi
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$scratch/value")
  store_secret "$name" "$scratch/value" "application/x-pem-file"
}

if ! command -v openssl >/dev/null 2>&1; then
  echo "openssl is needed to generate the app's keys." >&2
  exit 1
fi

random_key "${RELEASEPOLICY_PIPELINE_KEY_SECRET_NAME:?RELEASEPOLICY_PIPELINE_KEY_SECRET_NAME is not set}"
random_key "${RELEASEPOLICY_ADMIN_KEY_SECRET_NAME:?RELEASEPOLICY_ADMIN_KEY_SECRET_NAME is not set}"
random_key "${RELEASEPOLICY_AUDITOR_KEY_SECRET_NAME:?RELEASEPOLICY_AUDITOR_KEY_SECRET_NAME is not set}"
random_key "${RELEASEPOLICY_APPROVAL_SIGNING_KEY_SECRET_NAME:?RELEASEPOLICY_APPROVAL_SIGNING_KEY_SECRET_NAME is not set}"
signing_key "${RELEASEPOLICY_EVIDENCE_SIGNING_KEY_SECRET_NAME:?RELEASEPOLICY_EVIDENCE_SIGNING_KEY_SECRET_NAME is not set}"

# App Service resolves Key Vault references when the app starts; one that failed before its secret existed is
# retried only later. Restart so new secrets take effect now (a failed restart only delays them).
if [ "$generated" -gt 0 ] && [ -n "${AZURE_FUNCTION_APP_NAME:-}" ] && [ -n "${AZURE_RESOURCE_GROUP:-}" ]; then
  az functionapp restart --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" --output none \
    || echo "Warning: could not restart $AZURE_FUNCTION_APP_NAME; new secrets take effect at its next restart." >&2
fi

# ---- 2. Evidence retention policy -------------------------------------------------------------------------------
# Azure refuses to update a locked immutability policy through a template (only the "extend" action is
# allowed), so infra/main.bicep stops declaring the policy once RELEASEPOLICY_EVIDENCE_POLICY_STATE is
# Locked, and this part takes over:
#   no policy yet            -> create it with RELEASEPOLICY_EVIDENCE_RETENTION_DAYS, then lock it
#   Unlocked                 -> lock it (IRREVERSIBLE)
#   Locked, shorter period   -> extend it to RELEASEPOLICY_EVIDENCE_RETENTION_DAYS
#   Locked, longer period    -> leave it (a locked policy can never be shortened) and say so

state="${RELEASEPOLICY_EVIDENCE_POLICY_STATE:-Unlocked}"
if [ "$state" != "Locked" ]; then
  echo "Evidence retention policy: Unlocked (set RELEASEPOLICY_EVIDENCE_POLICY_STATE=Locked to lock it; see infra/README.md)."
  exit 0
fi

rg="${AZURE_RESOURCE_GROUP:?AZURE_RESOURCE_GROUP is not set}"
account="${AZURE_STORAGE_ACCOUNT_NAME:?AZURE_STORAGE_ACCOUNT_NAME is not set}"
container="${RELEASEPOLICY_EVIDENCE_CONTAINER:-evidence}"
days="${RELEASEPOLICY_EVIDENCE_RETENTION_DAYS:?RELEASEPOLICY_EVIDENCE_RETENTION_DAYS is not set}"

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
