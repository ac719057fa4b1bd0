// A hardened vault: Azure RBAC for data access, no public network access (a private endpoint is the way
// in), a deny-by-default firewall, soft delete with 90 days' retention and purge protection, a current
// API version, and audit logs. vaultlint reports nothing for it.
param location string = resourceGroup().location
param subnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-app', 'snet-private-endpoints')
param workspaceId string = resourceId('Microsoft.OperationalInsights/workspaces', 'law-security')

module vault 'modules/vault.bicep' = {
  name: 'hardened-vault'
  params: {
    name: 'kv-${uniqueString(resourceGroup().id)}'
    location: location
    publicNetworkAccess: 'Disabled'
    enablePurgeProtection: true
  }
}

resource endpoint 'Microsoft.Network/privateEndpoints@2025-09-01' = {
  name: 'pe-hardened-vault'
  location: location
  properties: {
    subnet: { id: subnetId }
    privateLinkServiceConnections: [
      {
        name: 'vault'
        properties: {
          privateLinkServiceId: vault.outputs.id
          groupIds: [ 'vault' ]
        }
      }
    ]
  }
}

resource existingVault 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: vault.outputs.name
}

resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit'
  scope: existingVault
  properties: {
    workspaceId: workspaceId
    logs: [
      { categoryGroup: 'audit', enabled: true }
    ]
  }
}
