// The "biggest mistake" vault in Bicep: legacy access policies (anyone who can write the vault can grant
// themselves every secret), open to the internet with no firewall, purgeable, and a retiring API version.
// insecure-vault.bicepparam picks the values; the template is evaluated with it, not with its defaults.
param vaultName string
param objectId string
param enablePurgeProtection bool = false
param publicNetworkAccess string = 'Disabled'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: resourceGroup().location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    accessPolicies: [
      {
        tenantId: subscription().tenantId
        objectId: objectId
        permissions: { secrets: [ 'all' ], keys: [ 'all' ] }
      }
    ]
    publicNetworkAccess: publicNetworkAccess
    enablePurgeProtection: enablePurgeProtection
  }
}
