// ReleasePolicy: Azure resources for one azd environment.
// Subscription scope: creates the resource group, then everything inside it through modules.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; part of the resource group name and of every resource token.')
param environmentName string

@minLength(1)
@description('Region for all resources. Must offer Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the user or pipeline running azd (AZURE_PRINCIPAL_ID); empty to grant nothing.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Object id of an Entra group that may read the evidence container; empty for none.')
param auditorGroupPrincipalId string = ''

@description('Days each evidence blob version is immutable. 2555 days ≈ 7 years.')
@minValue(1)
@maxValue(146000)
param evidenceRetentionDays int = 2555

@description('''Unlocked (default) while testing. Locked: infra/hooks/postprovision.sh locks the evidence
retention policy. IRREVERSIBLE: a locked policy cannot be removed or shortened, and the storage account
cannot be deleted until all protected evidence has expired. See infra/README.md.''')
@allowed([
  'Unlocked'
  'Locked'
])
param evidenceRetentionPolicyState string = 'Unlocked'

@description('''Per-blob immutability policy mode the app sets on each evidence record it writes: None (inherit the container
policy), Unlocked (default, an administrator can still shorten it) or Locked (production; nobody can shorten it until
it expires). Raised to Locked when evidenceRetentionPolicyState is Locked.''')
@allowed([
  'None'
  'Unlocked'
  'Locked'
])
param evidenceImmutabilityMode string = 'Unlocked'

@description('''Client id of the Entra app registration for App Service authentication (RELEASEPOLICY_AUTH_CLIENT_ID).
Empty (default): no App Service authentication and the app trusts no platform principal; API keys only.''')
param authClientId string = ''

@description('Principal name the pipeline API key stands for.')
@minLength(1)
param pipelinePrincipal string = 'ci-pipeline'

@description('''The app's public base URL for approval links (RELEASEPOLICY_PUBLIC_BASE_URL), scheme and host only.
Empty (default): https://<the function app's default host name>.''')
param publicBaseUrl string = ''

@description('''Originator id of our Actionable Message cards, registered with Microsoft (RELEASEPOLICY_AM_ORIGINATOR).
Empty (default): Actionable Messages off; approvers use the signed link in the mail.''')
param actionableMessagesOriginator string = ''

@description('''When true and principalId is set, the deployer gets Key Vault Secrets Officer on the vault so that
infra/hooks/postprovision.sh can create missing secrets. False: an operator creates them (infra/README.md).''')
param deployerSetsSecrets bool = true

@description('Mailbox (UPN) approval mails are sent from through Microsoft Graph; empty until one is set (mail then fails, naming the setting). Grant the Graph app roles with infra/scripts/grant-graph-permissions.sh.')
param graphSenderMailbox string = ''

@description('Durable Task hub name (host.json: %ReleasePolicyTaskHub%). Letters and digits, 3-45 characters.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'ReleasePolicy'

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
@description('Storage redundancy. Prefer Standard_ZRS (or GZRS) for production evidence where the region offers it.')
param storageSkuName string = 'Standard_LRS'

// A custom per-blob policy set on upload replaces the container's default policy, and starts Unlocked unless asked
// otherwise (Azure: "Default policy (locked) + upload with a custom policy = custom unlocked policy"). So once the
// container policy is Locked, an Unlocked per-blob mode would weaken every new record: it is raised to Locked.
var effectiveEvidenceImmutabilityMode = evidenceRetentionPolicyState == 'Locked' && evidenceImmutabilityMode == 'Unlocked'
  ? 'Locked'
  : evidenceImmutabilityMode

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// Names are computed here, not read back from module outputs, so what-if can predict every resource.
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var eventGridTopicName = '${abbrs.eventGridDomainsTopics}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var evidenceContainerName = 'evidence'
// Flex Consumption reads the app package from this container.
var deploymentContainerName = 'app-package-${take(resourceToken, 7)}'

// 2025-04-01: latest GA API version of Microsoft.Resources/resourceGroups.
resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    skuName: storageSkuName
    deploymentContainerName: deploymentContainerName
    evidenceContainerName: evidenceContainerName
    evidenceRetentionDays: evidenceRetentionDays
    evidenceRetentionPolicyState: evidenceRetentionPolicyState
    taskHubName: taskHubName
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module keyVault 'core/security/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module eventGrid 'core/eventgrid/topic.bicep' = {
  name: 'eventgrid'
  scope: rg
  params: {
    name: eventGridTopicName
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    evidenceContainerName: evidenceContainerName
    keyVaultName: keyVaultName
    eventGridTopicName: eventGridTopicName
    applicationInsightsName: applicationInsightsName
    // A principal id is only known at deployment time; role-assignment names must include it.
    #disable-next-line what-if-short-circuiting
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    deployerSetsSecrets: deployerSetsSecrets
    auditorGroupPrincipalId: auditorGroupPrincipalId
    grantEvidenceImmutability: effectiveEvidenceImmutabilityMode != 'None'
  }
  // The scopes are looked up by name inside the module, so the order is stated here.
  dependsOn: [
    storage
    keyVault
    eventGrid
    monitoring
  ]
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    evidenceContainerName: evidenceContainerName
    taskHubName: taskHubName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    eventGridTopicEndpoint: eventGrid.outputs.endpoint
    evidenceRetentionDays: evidenceRetentionDays
    evidenceImmutabilityMode: effectiveEvidenceImmutabilityMode
    authClientId: authClientId
    pipelinePrincipal: pipelinePrincipal
    graphSenderMailbox: graphSenderMailbox
    publicBaseUrl: publicBaseUrl
    actionableMessagesOriginator: actionableMessagesOriginator
  }
  // Roles first: the host starts with the identity's storage and deployment-container access in place.
  // Storage, vault and App Insights are looked up by name inside the module.
  dependsOn: [
    rbac
    storage
    keyVault
    monitoring
  ]
}

// Non-secret outputs only; azd stores them in the environment's .env.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_APP_URL string = 'https://${api.outputs.defaultHostName}'
output RELEASEPOLICY_DEPLOYMENT_WEBHOOK_URL string = 'https://${api.outputs.defaultHostName}/api/events'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output RELEASEPOLICY_EVIDENCE_CONTAINER string = storage.outputs.evidenceContainerName
output RELEASEPOLICY_EVIDENCE_RETENTION_DAYS int = evidenceRetentionDays
output RELEASEPOLICY_EVIDENCE_POLICY_STATE string = evidenceRetentionPolicyState
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.endpoint
output RELEASEPOLICY_EVIDENCE_IMMUTABILITY_MODE string = effectiveEvidenceImmutabilityMode
output RELEASEPOLICY_AUTH_ENABLED bool = api.outputs.authenticationEnabled
// Secret names (never values); infra/hooks/postprovision.sh generates each missing secret.
output RELEASEPOLICY_PIPELINE_KEY_SECRET_NAME string = api.outputs.pipelineKeySecretName
output RELEASEPOLICY_ADMIN_KEY_SECRET_NAME string = api.outputs.adminKeySecretName
output RELEASEPOLICY_AUDITOR_KEY_SECRET_NAME string = api.outputs.auditorKeySecretName
output RELEASEPOLICY_EVIDENCE_SIGNING_KEY_SECRET_NAME string = api.outputs.evidenceSigningKeySecretName
output RELEASEPOLICY_APPROVAL_SIGNING_KEY_SECRET_NAME string = api.outputs.approvalSigningKeySecretName
output EVENTGRID_TOPIC_NAME string = eventGrid.outputs.name
output EVENTGRID_TOPIC_ENDPOINT string = eventGrid.outputs.endpoint
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
