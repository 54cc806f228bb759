// Role assignments, least privilege. Each name is guid(scope, principal, role) so a redeploy finds the
// same assignment instead of creating a duplicate.
//
// No Owner, Contributor, Storage Blob Data Owner or User Access Administrator is granted to anyone here.
//
// The app never deletes or rewrites evidence, and its identity cannot:
//   * its account-wide Storage Blob Data Contributor carries an ABAC condition that refuses every blob delete,
//     version delete, permanent delete, move and overwrite (blobs/write) in the evidence container. What is left
//     there is read and create-only add (Put Blob of a new name needs only blobs/add/action);
//   * setting a per-blob immutability policy needs
//     Microsoft.Storage/storageAccounts/blobServices/containers/blobs/immutableStorage/runAsSuperUser/action, which
//     only Storage Blob Data Owner and Storage Actions Blob Data Operator hold among built-in roles, and both can
//     delete. So a custom role holds exactly that one data action, assigned on the evidence container only. The same
//     action covers legal holds (Azure's ABAC reference lists it as "Write Blob legal hold and immutability
//     policy"; the REST permission table names containers/write for Set Blob Legal Hold, which Contributor has);
//   * residual risk, documented in infra/README.md: that action also deletes an Unlocked per-blob policy and clears
//     legal holds; Contributor's control-plane containers/delete cannot be conditioned by ABAC, but Azure refuses to
//     delete a container that holds version-level-protected blobs. The container's WORM policy still protects every
//     version against every writer.

param storageAccountName string
param deploymentContainerName string
param evidenceContainerName string
param keyVaultName string
param eventGridTopicName string
param applicationInsightsName string

@description('Principal (object) id of the app\'s user-assigned identity.')
param appPrincipalId string

@description('Object id of the person or pipeline running azd; empty to grant nothing.')
param deployerPrincipalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
])
param deployerPrincipalType string = 'User'

@description('When true (and deployerPrincipalId is set), the deployer may create the app\'s secrets (postprovision hook).')
param deployerSetsSecrets bool = true

@description('Object id of an Entra group of auditors; empty to grant nothing.')
param auditorGroupPrincipalId string = ''

@description('Grant the app the custom evidence-immutability role (false when the app sets no per-blob policy).')
param grantEvidenceImmutability bool = true

// Built-in role definition ids (constant across tenants).
var roles = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deploymentContainer 'containers' existing = {
      name: deploymentContainerName
    }

    resource evidenceContainer 'containers' existing = {
      name: evidenceContainerName
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource topic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: eventGridTopicName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// ABAC condition (version 2.0) on the app's account-wide blob role: in the evidence container, no delete of any
// kind, no move and no overwrite. Any other container (task hub, deployment package) keeps the full role.
var evidenceWriteOnceCondition = $'''(
  (
    !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'})
    AND
    !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/deleteBlobVersion/action'})
    AND
    !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/permanentDelete/action'})
    AND
    !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action'})
    AND
    !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'})
  )
  OR
  (
    @Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringNotEquals '${evidenceContainerName}'
  )
)'''

// Custom role: exactly the data action that sets per-blob immutability policies and legal holds. No delete, no
// read, no write: the app's other rights come from the conditioned built-in role above.
// 2022-04-01: the GA API version of Microsoft.Authorization/roleDefinitions.
resource evidenceImmutabilityRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (grantEvidenceImmutability) {
  name: guid(resourceGroup().id, 'releasepolicy-evidence-immutability')
  properties: {
    // Role names are unique per tenant: the resource group's name and a hash of its id keep environments apart.
    roleName: 'ReleasePolicy Evidence Immutability Writer (${resourceGroup().name}, ${uniqueString(resourceGroup().id)})'
    description: 'Set per-blob immutability policies and legal holds on evidence. Cannot read, write or delete blobs.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/immutableStorage/runAsSuperUser/action'
        ]
        notDataActions: []
      }
    ]
  }
}

// ---- App identity -------------------------------------------------------------------------------

// Storage Blob Data Contributor on the account (not Owner): the Functions host and the Durable Task
// provider take blob leases (partition and app leases) and store large messages; the app reads the
// deployment package and appends evidence. Account scope because the task-hub containers are created
// by the provider at run time under names this template does not own.
// 2022-04-01: the GA API version of Microsoft.Authorization/roleAssignments.
// The condition makes the evidence container create-only for this identity (see the top of this file).
resource appBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, roles.storageBlobDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'ReleasePolicy app: blobs everywhere except delete, move and overwrite in the evidence container.'
    condition: evidenceWriteOnceCondition
    conditionVersion: '2.0'
  }
}

// The custom immutability role on the evidence container only: per-blob retention and legal holds.
resource appEvidenceImmutability 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantEvidenceImmutability) {
  name: guid(storage::blobService::evidenceContainer.id, appPrincipalId, 'releasepolicy-evidence-immutability')
  scope: storage::blobService::evidenceContainer
  properties: {
    roleDefinitionId: evidenceImmutabilityRole.id
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Queue Data Contributor on the account: Durable Task control and work-item queues.
resource appQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Table Data Contributor on the account: Durable Task history/instances tables and the
// release projection table (ReleasePolicy__Storage__TableServiceUri).
resource appTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Key Vault Secrets User on the vault: read secret values for the app settings' Key Vault references.
// Vault scope because the secrets do not exist at provisioning time (the postprovision hook creates them), and a
// role cannot be assigned on a secret that does not exist yet. The vault holds only this app's secrets.
resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// EventGrid Data Sender on the topic only: publish lifecycle events with an Entra token.
resource appEventGridSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, appPrincipalId, roles.eventGridDataSender)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventGridDataSender)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Monitoring Metrics Publisher on the Application Insights component: Entra-authenticated telemetry
// ingestion (the component has local auth disabled).
resource appMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appPrincipalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// ---- Deploying user / pipeline ------------------------------------------------------------------

// Storage Blob Data Contributor on the deployment-package container only. `azd deploy` to Flex
// Consumption publishes through the app's deployment endpoint with the deployer's Entra token, and the
// platform writes the package with the app identity; this grant lets the deployer inspect, upload or
// roll back a package by hand (shared keys are disabled, so there is no other way). It gives no access
// to the evidence container, the task hub, queues, tables, secrets or the topic. Provisioning itself
// needs the deployer's own management rights (e.g. Contributor + Role Based Access Control
// Administrator on the subscription), which this template does not grant.
resource deployerPackageContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(storage::blobService::deploymentContainer.id, deployerPrincipalId, roles.storageBlobDataContributor)
  scope: storage::blobService::deploymentContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

// Key Vault Secrets Officer on the vault, so that infra/hooks/postprovision.sh (run as the deployer) can create the
// API keys and the evidence signing key when they are missing. The deployer, who can assign roles anyway, gains no
// real power from it; set deployerSetsSecrets=false to have an operator create the secrets just in time instead.
resource deployerSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId) && deployerSetsSecrets) {
  name: guid(vault.id, deployerPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

// ---- Auditors -----------------------------------------------------------------------------------

// Storage Blob Data Reader on the evidence container only: auditors read evidence (and its versions)
// with any storage client, and can change nothing.
resource auditorEvidenceReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(auditorGroupPrincipalId)) {
  name: guid(storage::blobService::evidenceContainer.id, auditorGroupPrincipalId, roles.storageBlobDataReader)
  scope: storage::blobService::evidenceContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataReader)
    principalId: auditorGroupPrincipalId
    principalType: 'Group'
  }
}
