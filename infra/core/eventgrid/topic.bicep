// Event Grid custom topic for release lifecycle events that the app publishes
// (EventGridPublisherClient with CloudEvents 1.0). Local (SAS key) auth is disabled: the app publishes
// with its managed identity, which holds EventGrid Data Sender on this topic only (app/rbac.bicep).

param name string
param location string = resourceGroup().location
param tags object = {}

// 2025-02-15: latest GA API version of Microsoft.EventGrid/topics.
resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
    minimumTlsVersionAllowed: '1.2'
  }
}

output name string = topic.name
output id string = topic.id
output endpoint string = topic.properties.endpoint
