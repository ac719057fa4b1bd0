// The deployment that docs/graph-example.svg draws (scripts/render-graph-example): a vault built by a
// module, and what protects and reaches it from elsewhere: a private endpoint and an audit-log setting in
// this file, and two role assignments, one on the vault and one on its resource group.
param location string = resourceGroup().location

module vault 'modules/vault.bicep' = {
  name: 'vault'
  params: {
    name: 'kv-orders-prod'
    location: location
  }
}

resource existingVault 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: 'kv-orders-prod'
}

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: 'pe-kv-orders-prod'
  location: location
  properties: {
    subnet: {
      id: resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-orders', 'endpoints')
    }
    privateLinkServiceConnections: [
      {
        name: 'vault'
        properties: {
          privateLinkServiceId: vault.outputs.id
          groupIds: ['vault']
        }
      }
    ]
  }
}

resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit'
  scope: existingVault
  properties: {
    workspaceId: resourceId('Microsoft.OperationalInsights/workspaces', 'log-orders')
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

// The application reads secrets: Key Vault Secrets User on the vault.
resource appReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(existingVault.id, 'app', 'secrets-user')
  scope: existingVault
  properties: {
    principalId: '6f1c2b1e-3a57-4a51-9d3f-0c2d8e6b7a10'
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
  }
}

// Operators read everything in the group, the vault's secrets included: Key Vault Administrator there.
resource operatorsAdminister 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, 'operators', 'kv-admin')
  properties: {
    principalId: '0b5e8c0e-7d2f-4e8a-a0c4-93b1f7d2e5c4'
    principalType: 'Group'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '00482a5a-887f-4fb3-b363-3b7fe8e74483')
  }
}
