// Storage account for the Functions host (AzureWebJobsStorage), the Durable Task hub (queues, tables,
// lease blobs), the Flex Consumption deployment package, the release projection table, and the
// write-once `evidence` container.
//
// Evidence protection is version-level WORM:
//   * blob versioning is on for the account (a prerequisite of version-level immutability);
//   * the evidence container is created with immutableStorageWithVersioning enabled. This cannot be
//     turned off later, and the container (and so the account) can only be deleted once it is empty,
//     which in practice means after every protected version has outlived its retention;
//   * a default time-based retention policy on the container (immutabilityPolicies/default) is
//     inherited by every new blob version: no version can be modified or deleted for
//     evidenceRetentionDays after it was written, by the app or by anyone else;
//   * per-blob immutability: the app also sets each record's own policy when it writes it
//     (ReleasePolicy__Evidence__ImmutabilityMode / __RetentionDays, see infra/app/api.bicep);
//   * legal holds: with version-level immutability Azure accepts legal holds only on individual blob
//     versions, not on the container (container-level legal-hold tags are refused for such containers,
//     and ARM exposes a container's legalHold as read-only anyway). So a hold is applied per version:
//     by the app when an auditor asks (POST /api/audit/releases/{id}/legal-hold), or by an operator with
//     infra/scripts/evidence-legal-hold.sh. See infra/README.md.
// Not enabled on purpose: point-in-time restore and last-access tracking (both incompatible with
// immutable storage) and blob inventory (not allowed on version-level immutable containers).

param name string
param location string = resourceGroup().location
param tags object = {}

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

@description('Container that Flex Consumption reads the app package from.')
param deploymentContainerName string

@description('Container for audit evidence; version-level WORM.')
param evidenceContainerName string = 'evidence'

@description('Days each evidence blob version stays immutable after it was written. 2555 days ≈ 7 years. Maximum 146000.')
@minValue(1)
@maxValue(146000)
param evidenceRetentionDays int = 2555

@description('''Unlocked: this template creates and may change the evidence retention policy (shorten, extend,
delete are all still possible for someone with management rights on the account). Locked: the policy is
left alone here, because Azure refuses to update a locked policy (only an "extend" action is allowed);
infra/hooks/postprovision.sh then creates the policy if it is missing and locks it.
LOCKING IS IRREVERSIBLE: a locked policy can never be deleted or shortened, only extended, and the
container and the storage account cannot be deleted until every protected version has expired.''')
@allowed([
  'Unlocked'
  'Locked'
])
param evidenceRetentionPolicyState string = 'Unlocked'

@description('Durable Task hub name; its lease/large-message containers get a lifecycle rule for old versions.')
param taskHubName string

@description('Days that soft-deleted blobs and containers can be restored.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 30

@description('Days after which previous blob versions outside the evidence container are deleted (versioning is account-wide).')
@minValue(1)
param nonEvidenceVersionRetentionDays int = 14

@description('Log Analytics workspace that receives blob read/write/delete logs.')
param logAnalyticsWorkspaceId string

// 2025-06-01: a recent GA API version of Microsoft.Storage (immutableStorageWithVersioning on containers is GA
// since 2021-06-01).
resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    // Entra ID only: no account keys, no SAS signed with account keys.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    dnsEndpointType: 'Standard'
    // Flex Consumption without VNet integration reaches storage over the public endpoint; access needs
    // an Entra token and a data role. No IP allow-list; private endpoints are the next hardening step.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: false
      services: {
        blob: {
          enabled: true
        }
        file: {
          enabled: true
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Required for version-level immutability on the evidence container.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource evidenceContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: evidenceContainerName
  properties: {
    publicAccess: 'None'
    // Version-level WORM. Irreversible once enabled.
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

// Default time-based retention for every new version in the evidence container. Declared only while
// the policy is meant to be Unlocked; see evidenceRetentionPolicyState.
resource evidenceRetention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2025-06-01' = if (evidenceRetentionPolicyState == 'Unlocked') {
  parent: evidenceContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: evidenceRetentionDays
    // Evidence is written whole (block blobs, create-only); no appends to protected blobs.
    allowProtectedAppendWrites: false
  }
}

// Versioning is account-wide; keep old versions of the non-evidence blobs (package, task hub, host
// secrets) from piling up. The rules never match the evidence container, and could not delete a
// protected version anyway.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-old-versions-outside-evidence'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${deploymentContainerName}/'
                toLower(taskHubName)
                'azure-webjobs-'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: nonEvidenceVersionRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    blobService
  ]
}

// Data-plane audit log for blobs: who read or wrote which evidence, kept in Log Analytics.
#disable-next-line use-recent-api-versions // newest version with categoryGroup; see keyvault.bicep
resource blobAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'blob-audit-to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'StorageRead'
        enabled: true
      }
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
  }
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output tableEndpoint string = storage.properties.primaryEndpoints.table
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output deploymentContainerName string = deploymentContainer.name
output evidenceContainerName string = evidenceContainer.name
