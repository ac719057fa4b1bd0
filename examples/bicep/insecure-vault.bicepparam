// Production values for insecure-vault.bicep.
using './insecure-vault.bicep'

param vaultName = 'kv-orders-prod'
param objectId = '00000000-0000-0000-0000-00000000abcd'
param publicNetworkAccess = 'Enabled'
param enablePurgeProtection = false
