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

@description('Days of the per-blob immutability policy the app sets on each evidence record (ReleasePolicy__Evidence__RetentionDays).')
@minValue(1)
@maxValue(146000)
param evidenceRetentionDays int = 2555

@description('''Per-blob immutability policy mode the app asks for when it writes evidence (ReleasePolicy__Evidence__ImmutabilityMode).
None: rely on the container's default policy only. Unlocked: the app sets a policy an administrator can still shorten.
Locked: nobody can shorten it until it expires (production).''')
@allowed([
  'None'
  'Unlocked'
  'Locked'
])
param evidenceImmutabilityMode string = 'Unlocked'

@description('''Client (application) id of the Entra app registration that fronts the API through App Service
authentication. Empty: no App Service authentication, and the app ignores X-MS-CLIENT-PRINCIPAL (API keys only).''')
param authClientId string = ''

@description('Principal name the pipeline API key stands for (recorded as submittedBy).')
@minLength(1)
param pipelinePrincipal string = 'ci-pipeline'

@description('Principal name the policy administrator\'s API key stands for (recorded as publishedBy).')
@minLength(1)
param adminPrincipal string = 'policy-admin'

@description('Principal name the auditor API key stands for.')
@minLength(1)
param auditorPrincipal string = 'auditor'

@description('''The app's public base URL, scheme and host only (approval links, Actionable Message token audience).
Empty: https://<the app's default host name>. Set it when a custom domain or a gateway fronts the app.''')
param publicBaseUrl string = ''

@description('''Originator id Microsoft registered for our Actionable Message cards (Actionable Email Developer Dashboard).
Empty (default): Actionable Messages are off and approvers answer through the signed link only.''')
param actionableMessagesOriginator string = ''

@description('OpenID metadata of the Actionable Message token issuer (HTTPS).')
param actionableMessagesMetadataAddress string = 'https://substrate.office.com/sts/common/.well-known/openid-configuration'

@description('The exact iss of Actionable Message tokens.')
param actionableMessagesIssuer string = 'https://substrate.office.com/sts/'

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

@description('Mailbox (UPN) the app sends approval mail from through Microsoft Graph (ReleasePolicy__Graph__Sender).')
param graphSenderMailbox string = ''

@description('Extra app settings (non-secret values only). They cannot replace a setting defined here: the defaults win.')
param additionalAppSettings object = {}

// Names of the Key Vault secrets the app settings reference. Their values are never in a template: the azd
// postprovision hook (infra/hooks/postprovision.sh) generates each one that is missing (infra/README.md).
var pipelineKeySecretName = 'releasepolicy-apikey-pipeline'
var adminKeySecretName = 'releasepolicy-apikey-admin'
var auditorKeySecretName = 'releasepolicy-apikey-auditor'
var evidenceSigningKeySecretName = 'releasepolicy-evidence-signing-key'
var approvalSigningKeySecretName = 'releasepolicy-approval-signing-key'

// One switch for App Service authentication and for trusting the X-MS-CLIENT-PRINCIPAL header it injects: the
// header is only trustworthy when the platform strips any copy a client sends, i.e. when authentication is on.
// Both the authsettingsV2 resource and ReleasePolicy__Auth__TrustPlatformPrincipal read this one value.
var authenticationEnabled = !empty(authClientId)

// Versionless Key Vault reference: a new secret version is picked up within 24 h, or at the next restart.
func secretReference(vaultUri string, secretName string) string =>
  '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretName})'

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

// Links and the Actionable Message audience name the app's public address: the default host name unless told otherwise.
var effectivePublicBaseUrl = empty(publicBaseUrl) ? 'https://${site.properties.defaultHostName}' : publicBaseUrl

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
  // ReleasePolicy__Policy__SeedSamplePolicy is deliberately absent: in Azure the first policy publish is explicit.

  // Who may call: App Service authentication (Entra ID) when authClientId is set, trusted only then.
  ReleasePolicy__Auth__TrustPlatformPrincipal: authenticationEnabled ? 'true' : 'false'

  // Named API keys (x-functions-key header). Functions are Anonymous at the platform level; the app's own door
  // checks these. Each secret is a Key Vault reference, which the app refuses as a key while it is unresolved.
  ReleasePolicy__ApiKeys__pipeline__Secret: secretReference(vault.properties.vaultUri, pipelineKeySecretName)
  ReleasePolicy__ApiKeys__pipeline__Principal: pipelinePrincipal
  ReleasePolicy__ApiKeys__pipeline__Kind: 'Pipeline'
  ReleasePolicy__ApiKeys__pipeline__Roles__0: 'release.submit'
  ReleasePolicy__ApiKeys__pipeline__Roles__1: 'release.signal'
  ReleasePolicy__ApiKeys__admin__Secret: secretReference(vault.properties.vaultUri, adminKeySecretName)
  ReleasePolicy__ApiKeys__admin__Principal: adminPrincipal
  ReleasePolicy__ApiKeys__admin__Kind: 'Person'
  ReleasePolicy__ApiKeys__admin__Roles__0: 'policy.publish'
  ReleasePolicy__ApiKeys__admin__Roles__1: 'operator'
  ReleasePolicy__ApiKeys__auditor__Secret: secretReference(vault.properties.vaultUri, auditorKeySecretName)
  ReleasePolicy__ApiKeys__auditor__Principal: auditorPrincipal
  ReleasePolicy__ApiKeys__auditor__Kind: 'Person'
  ReleasePolicy__ApiKeys__auditor__Roles__0: 'evidence.read'

  // Audit evidence (issue 7): one WORM container, per-blob immutability, heads signed with an EC P-256 key
  // (PKCS#8 PEM) from Key Vault. The app creates its ledger index table itself.
  ReleasePolicy__Evidence__Container: evidenceContainerName
  ReleasePolicy__Evidence__ImmutabilityMode: evidenceImmutabilityMode
  ReleasePolicy__Evidence__RetentionDays: string(evidenceRetentionDays)
  ReleasePolicy__Evidence__SigningKeyPem: secretReference(vault.properties.vaultUri, evidenceSigningKeySecretName)
  // Policy versions live under policies/ in the same container, so they share its WORM and retention.
  ReleasePolicy__Policy__Container: evidenceContainerName

  // Mail and people through Microsoft Graph with the app's user-assigned identity (a client id without a secret).
  // Bicep cannot consent to Graph application roles: infra/scripts/grant-graph-permissions.sh does (infra/README.md).
  ReleasePolicy__Mail__Mode: 'Graph'
  ReleasePolicy__Directory__Mode: 'Graph'
  ReleasePolicy__Graph__ClientId: identityClientId
  ReleasePolicy__Graph__Sender: graphSenderMailbox

  // Outbound release events (issue 10): CloudEvents to the topic with the same user-assigned identity, which holds
  // EventGrid Data Sender on that topic only (app/rbac.bicep). No TopicKey: the topic has local (key) auth disabled.
  ReleasePolicy__Events__Outbound__Mode: 'EventGrid'
  ReleasePolicy__Events__Outbound__TopicEndpoint: eventGridTopicEndpoint
  ReleasePolicy__Events__Outbound__ClientId: identityClientId

  // Approvals (issue 8). Approval links are HMAC-signed with this key; the app refuses to start while the reference is
  // unresolved or the key is shorter than 32 bytes. To rotate: copy the old value to ReleasePolicy__ApprovalSigningKeyPrevious
  // (additionalAppSettings), set a new secret version, restart; drop the previous key once the longest link has expired.
  ReleasePolicy__ApprovalSigningKey: secretReference(vault.properties.vaultUri, approvalSigningKeySecretName)
  ReleasePolicy__Approvals__PublicBaseUrl: effectivePublicBaseUrl
  // Outlook Actionable Messages: on once Microsoft registered our originator; tokens are checked against this issuer's
  // metadata, with our public base URL as the audience.
  ReleasePolicy__Approvals__ActionableMessages__Enabled: empty(actionableMessagesOriginator) ? 'false' : 'true'
  ReleasePolicy__Approvals__ActionableMessages__Originator: actionableMessagesOriginator
  ReleasePolicy__Approvals__ActionableMessages__MetadataAddress: actionableMessagesMetadataAddress
  ReleasePolicy__Approvals__ActionableMessages__Issuer: actionableMessagesIssuer
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  // Defaults last, so an extra setting can never turn on TrustPlatformPrincipal without authsettingsV2, re-add a
  // retired key or point a secret at a literal value.
  properties: union(additionalAppSettings, baseAppSettings)
}

// App Service authentication (Easy Auth) with Entra ID, only when an app registration is given. It validates bearer
// tokens issued for that registration and injects X-MS-CLIENT-PRINCIPAL (name, object id, app roles), stripping any
// copy a client sends. Unauthenticated requests still reach the app (AllowAnonymous): pipelines and webhooks come
// with API keys, and the app's own door answers 401/403 to everything else. A request with an invalid token is
// refused here with 401. No client secret: the API only validates tokens, it runs no interactive sign-in.
resource authSettings 'Microsoft.Web/sites/config@2025-03-01' = if (authenticationEnabled) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          // Tokens requested for the registration's Application ID URI (api://<client id>) or its client id.
          allowedAudiences: [
            'api://${authClientId}'
            authClientId
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
  // One configuration write at a time on the same site.
  dependsOn: [
    appSettings
  ]
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
output authenticationEnabled bool = authenticationEnabled
output publicBaseUrl string = effectivePublicBaseUrl
output pipelineKeySecretName string = pipelineKeySecretName
output adminKeySecretName string = adminKeySecretName
output auditorKeySecretName string = auditorKeySecretName
output evidenceSigningKeySecretName string = evidenceSigningKeySecretName
output approvalSigningKeySecretName string = approvalSigningKeySecretName
