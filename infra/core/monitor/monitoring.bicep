// Log Analytics workspace + workspace-based Application Insights, both with local (key) auth disabled:
// telemetry is accepted only from Entra-authenticated senders (the app identity, given Monitoring
// Metrics Publisher in app/rbac.bicep, and APPLICATIONINSIGHTS_AUTHENTICATION_STRING in app/api.bicep).

param logAnalyticsName string
param applicationInsightsName string
param location string = resourceGroup().location
param tags object = {}

@description('Days the workspace keeps logs. Evidence itself lives in the WORM container, not here.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 90

// 2025-02-01: a recent GA API version of Microsoft.OperationalInsights/workspaces.
resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

// 2020-02-02: the GA API version of Microsoft.Insights/components (workspace-based resources).
resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

// The connection string is deliberately not an output: consumers read it from the resource by name.
output logAnalyticsWorkspaceId string = logAnalytics.id
output logAnalyticsWorkspaceName string = logAnalytics.name
output applicationInsightsName string = applicationInsights.name
output applicationInsightsId string = applicationInsights.id
