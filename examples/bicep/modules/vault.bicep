// A vault module: every setting that matters for posture is a parameter, so each caller (or
// .bicepparam) decides it, and findings point back at the value the caller chose.
@description('The vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string
param location string = resourceGroup().location
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Disabled'
param enablePurgeProtection bool = true
param enableRbacAuthorization bool = true
param ipRules string[] = []

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' = {
  name: name
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: enableRbacAuthorization
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      ipRules: [for ip in ipRules: { value: ip }]
    }
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: enablePurgeProtection ? true : null
  }
}

output id string = vault.id
output name string = vault.name
