// The ReleasePolicy Functions app on Flex Consumption (FC1), .NET 10 isolated worker.
// Every connection is identity-based through one user-assigned managed identity: no storage keys,
// no connection strings with secrets, no Event Grid SAS keys, no App Insights instrumentation-key auth.

param name string
param planName string
param location string = resourceGroup().location
param tags object = {}

@description('Resource id, client id of the app\'s user-assigned identity.')
param identityId string
param identityClientId string

param storageAccountName string
param deploymentContainerName string
param evidenceContainerName string

@description('Durable Task hub name; host.json reads it as %ReleasePolicyTaskHub%.')
param taskHubName string

param applicationInsightsName string
param keyVaultName string
param eventGridTopicEndpoint string

@description('When true the app places a legal hold on each evidence blob version it writes (ReleasePolicy__Evidence__LegalHold).')
param evidenceLegalHold bool = false

@description('Upper bound on Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Extra app settings merged over the defaults (non-secret values only).')
param additionalAppSettings object = {}

// Names of the two Key Vault secrets an operator sets after provisioning (infra/README.md).
var adminKeySecretName = 'releasepolicy-admin-key'
var approvalSigningKeySecretName = 'releasepolicy-approval-signing-key'

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

// 2025-03-01: latest GA API version of Microsoft.Web; Flex Consumption (functionAppConfig, FC1) is GA since 2024-04-01.
resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity, not a system-assigned one.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No basic-auth (publishing profile) credentials for FTP or SCM: azd deploys with an Entra token.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// Flex Consumption takes runtime and version from functionAppConfig, so FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION must not be set here.
var baseAppSettings = {
  // Host storage and the Durable Task hub (Azure Storage provider) over the managed identity.
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  ReleasePolicyTaskHub: taskHubName

  // DefaultAzureCredential in app code picks the user-assigned identity through this.
  AZURE_CLIENT_ID: identityClientId

  // Telemetry with Entra auth (the component has local auth disabled).
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

  // App configuration (section ReleasePolicy).
  ReleasePolicy__Storage__TableServiceUri: storage.properties.primaryEndpoints.table
  ReleasePolicy__Storage__BlobServiceUri: storage.properties.primaryEndpoints.blob
  ReleasePolicy__Evidence__BlobServiceUri: storage.properties.primaryEndpoints.blob
  ReleasePolicy__Evidence__Container: evidenceContainerName
  ReleasePolicy__Evidence__LegalHold: string(evidenceLegalHold)
  ReleasePolicy__EventGrid__TopicEndpoint: eventGridTopicEndpoint

  // Key Vault references (versionless: a new secret version is picked up within 24 h, or on restart).
  // The secrets are set by an operator, never by this template.
  ReleasePolicy__AdminKey: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${adminKeySecretName})'
  ReleasePolicy__ApprovalSigningKey: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${approvalSigningKeySecretName})'
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(baseAppSettings, additionalAppSettings)
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
output adminKeySecretName string = adminKeySecretName
output approvalSigningKeySecretName string = approvalSigningKeySecretName
