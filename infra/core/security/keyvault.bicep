// Key Vault for the app's secrets: the three API keys, the evidence signing key and the approval signing key
// (infra/app/api.bicep references each by name). RBAC authorization only (no access policies), soft delete + purge
// protection.
// No secret is created here: values never appear in templates or deployment history. The azd postprovision hook
// (infra/hooks/postprovision.sh) generates each missing secret; until then the app's Key Vault references do not
// resolve, and the app refuses the literal reference text as a key.

param name string
param location string = resourceGroup().location
param tags object = {}

@description('Log Analytics workspace that receives the vault audit log (who read which secret).')
param logAnalyticsWorkspaceId string

@description('Soft-delete retention. With purge protection on, the name stays reserved this long after deletion.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

// 2025-05-01: a recent GA API version of Microsoft.KeyVault/vaults.
resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Purge protection cannot be turned off again once on; that is the point.
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    // Flex Consumption without VNet integration reaches the vault over its public endpoint, so the
    // network stays open but every call needs an Entra token and an RBAC role. No IP allow-list.
    // Private endpoints + VNet integration are the next hardening step.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// 2021-05-01-preview: newest API version of Microsoft.Insights/diagnosticSettings; the only GA one
// (2016-09-01) has no categoryGroup.
#disable-next-line use-recent-api-versions // the linter offers only 2016-09-01, which lacks categoryGroup
resource vaultAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

output name string = vault.name
output id string = vault.id
output endpoint string = vault.properties.vaultUri
