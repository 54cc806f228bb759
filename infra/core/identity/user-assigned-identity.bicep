// The app's one identity: used for AzureWebJobsStorage, the Durable Task hub, the Flex deployment
// package, Key Vault references, Event Grid publishing and Entra-authenticated telemetry.
// A user-assigned identity (rather than system-assigned) exists before the app, so its role
// assignments can be in place before the site first starts.

@description('Name of the user-assigned managed identity.')
param name string

param location string = resourceGroup().location
param tags object = {}

// 2024-11-30: latest GA API version of Microsoft.ManagedIdentity.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
