#!/usr/bin/env python3
"""Writes a deterministic, realistic corpus for benchmarks: deployment units in all three formats, each a
small application with a Key Vault, a private endpoint, a diagnostic setting and role assignments, in
the shapes real repositories use:

  arm/appNNNN/        azuredeploy.json + azuredeploy.parameters.json (+ .prod.json for every third),
                      a copy loop of secrets, a nested deployment
  bicep/appNNNN/      main.bicep calling modules/vault.bicep and modules/endpoint.bicep, main.bicepparam
  terraform/appNNNN/  main.tf, variables.tf, terraform.tfvars, modules/vault/main.tf

Usage: generate.py OUT_DIR [FILES]   (default 10000; units are added until FILES files are written)
The same arguments always give the same bytes.
"""
import json
import os
import random
import sys

ROLES = ["4633458b-17de-408a-b874-0445c86b69e6", "00482a5a-887f-4fb3-b363-3b7fe8e74483",
         "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c"]
API = ["2023-07-01", "2024-11-01", "2026-02-01"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def arm_unit(root, n, rnd):
    secrets = rnd.randint(2, 6)
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {
            "appName": {"type": "string", "defaultValue": f"app{n:04d}"},
            "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
            "enablePurgeProtection": {"type": "bool", "defaultValue": rnd.random() < 0.6},
            "publicNetworkAccess": {"type": "string", "defaultValue": rnd.choice(["Enabled", "Disabled"]),
                                    "allowedValues": ["Enabled", "Disabled"]},
            "principalId": {"type": "string"},
            "subnetId": {"type": "string", "defaultValue": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/endpoints"},
            "workspaceId": {"type": "string", "defaultValue": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs"},
        },
        "variables": {
            "vaultName": "[format('kv-{0}-{1}', parameters('appName'), uniqueString(resourceGroup().id))]",
            "secretNames": [f"secret-{i}" for i in range(secrets)],
            "tags": {"app": "[parameters('appName')]", "owner": "platform", "costCenter": str(1000 + n)},
        },
        "resources": [
            {
                "type": "Microsoft.KeyVault/vaults",
                "apiVersion": rnd.choice(API),
                "name": "[variables('vaultName')]",
                "location": "[parameters('location')]",
                "tags": "[variables('tags')]",
                "properties": {
                    "tenantId": "[subscription().tenantId]",
                    "sku": {"family": "A", "name": "standard"},
                    "enableRbacAuthorization": rnd.random() < 0.7,
                    "enableSoftDelete": True,
                    "softDeleteRetentionInDays": rnd.choice([7, 30, 90]),
                    "enablePurgeProtection": "[if(parameters('enablePurgeProtection'), true(), null())]",
                    "publicNetworkAccess": "[parameters('publicNetworkAccess')]",
                    "networkAcls": {"defaultAction": rnd.choice(["Allow", "Deny"]), "bypass": "AzureServices",
                                    "ipRules": [{"value": f"203.0.113.{i}"} for i in range(rnd.randint(0, 3))]},
                },
            },
            {
                "type": "Microsoft.KeyVault/vaults/secrets",
                "apiVersion": "2026-02-01",
                "name": "[format('{0}/{1}', variables('vaultName'), variables('secretNames')[copyIndex()])]",
                "copy": {"name": "secrets", "count": "[length(variables('secretNames'))]"},
                "dependsOn": ["[resourceId('Microsoft.KeyVault/vaults', variables('vaultName'))]"],
                "properties": {"value": "[parameters('principalId')]", "attributes": {"enabled": True}},
            },
            {
                "type": "Microsoft.Network/privateEndpoints",
                "apiVersion": "2024-05-01",
                "name": "[format('pe-{0}', variables('vaultName'))]",
                "location": "[parameters('location')]",
                "properties": {
                    "subnet": {"id": "[parameters('subnetId')]"},
                    "privateLinkServiceConnections": [{
                        "name": "vault",
                        "properties": {
                            "privateLinkServiceId": "[resourceId('Microsoft.KeyVault/vaults', variables('vaultName'))]",
                            "groupIds": [rnd.choice(["vault", "vault", "secrets"])],
                        },
                    }],
                },
            },
            {
                "type": "Microsoft.Insights/diagnosticSettings",
                "apiVersion": "2021-05-01-preview",
                "scope": "[format('Microsoft.KeyVault/vaults/{0}', variables('vaultName'))]",
                "name": "audit",
                "properties": {"workspaceId": "[parameters('workspaceId')]",
                               "logs": [{"categoryGroup": rnd.choice(["audit", "allLogs"]), "enabled": True}]},
            },
            {
                "type": "Microsoft.Authorization/roleAssignments",
                "apiVersion": "2022-04-01",
                "scope": "[format('Microsoft.KeyVault/vaults/{0}', variables('vaultName'))]",
                "name": "[guid(variables('vaultName'), parameters('principalId'))]",
                "properties": {
                    "roleDefinitionId": f"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{rnd.choice(ROLES)}')]",
                    "principalId": "[parameters('principalId')]",
                    "principalType": rnd.choice(["ServicePrincipal", "User", "Group"]),
                },
            },
            {
                "type": "Microsoft.Resources/deployments",
                "apiVersion": "2022-09-01",
                "name": "tags",
                "properties": {
                    "mode": "Incremental",
                    "expressionEvaluationOptions": {"scope": "inner"},
                    "parameters": {"vault": {"value": "[variables('vaultName')]"}},
                    "template": {
                        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                        "contentVersion": "1.0.0.0",
                        "parameters": {"vault": {"type": "string"}},
                        "resources": [{"type": "Microsoft.Resources/tags", "apiVersion": "2021-04-01", "name": "default",
                                       "properties": {"tags": {"vault": "[parameters('vault')]"}}}],
                    },
                },
            },
        ],
        "outputs": {"vaultName": {"type": "string", "value": "[variables('vaultName')]"}},
    }
    base = os.path.join(root, "arm", f"app{n:04d}")
    write(os.path.join(base, "azuredeploy.json"), json.dumps(template, indent=2))
    params = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"principalId": {"value": f"{n:08d}-0000-0000-0000-000000000000"}},
    }
    write(os.path.join(base, "azuredeploy.parameters.json"), json.dumps(params, indent=2))
    files = 2
    if n % 3 == 0:
        params["parameters"]["enablePurgeProtection"] = {"value": True}
        params["parameters"]["publicNetworkAccess"] = {"value": "Disabled"}
        write(os.path.join(base, "azuredeploy.parameters.prod.json"), json.dumps(params, indent=2))
        files += 1
    return files


def bicep_unit(root, n, rnd):
    base = os.path.join(root, "bicep", f"app{n:04d}")
    purge = "true" if rnd.random() < 0.6 else "false"
    write(os.path.join(base, "modules", "vault.bicep"), f"""@description('The vault name.')
param name string
param location string = resourceGroup().location
param enablePurgeProtection bool = {purge}
param publicNetworkAccess string = '{rnd.choice(["Enabled", "Disabled"])}'
param principalIds array = []

resource kv 'Microsoft.KeyVault/vaults@{rnd.choice(API)}' = {{
  name: name
  location: location
  properties: {{
    tenantId: subscription().tenantId
    sku: {{ family: 'A', name: 'standard' }}
    enableRbacAuthorization: {str(rnd.random() < 0.7).lower()}
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {{
      defaultAction: '{rnd.choice(["Allow", "Deny"])}'
      bypass: 'AzureServices'
    }}
  }}
}}

resource readers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (id, i) in principalIds: {{
  name: guid(kv.id, id, '{rnd.choice(ROLES)}')
  scope: kv
  properties: {{
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{rnd.choice(ROLES)}')
    principalId: id
    principalType: 'ServicePrincipal'
  }}
}}]

resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {{
  name: 'audit'
  scope: kv
  properties: {{
    workspaceId: resourceId('Microsoft.OperationalInsights/workspaces', 'logs')
    logs: [{{ categoryGroup: '{rnd.choice(["audit", "allLogs"])}', enabled: true }}]
  }}
}}

output id string = kv.id
output name string = kv.name
""")
    write(os.path.join(base, "modules", "endpoint.bicep"), """param name string
param location string = resourceGroup().location
param targetId string
param groupId string = 'vault'

resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  properties: {
    subnet: { id: resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'endpoints') }
    privateLinkServiceConnections: [
      {
        name: name
        properties: { privateLinkServiceId: targetId, groupIds: [groupId] }
      }
    ]
  }
}
""")
    write(os.path.join(base, "main.bicep"), f"""targetScope = 'resourceGroup'

@description('A short name for the application.')
param appName string
param principalIds array
var vaultName = 'kv-${{appName}}-${{uniqueString(resourceGroup().id)}}'

module vault 'modules/vault.bicep' = {{
  name: 'vault-${{appName}}'
  params: {{
    name: vaultName
    principalIds: principalIds
  }}
}}

module endpoint 'modules/endpoint.bicep' = if ({str(rnd.random() < 0.7).lower()}) {{
  name: 'endpoint-${{appName}}'
  params: {{
    name: 'pe-${{vaultName}}'
    targetId: vault.outputs.id
  }}
}}

output vaultId string = vault.outputs.id
""")
    write(os.path.join(base, "main.bicepparam"), f"""using 'main.bicep'

param appName = 'app{n:04d}'
param principalIds = [
  '{n:08d}-0000-0000-0000-000000000001'
  '{n:08d}-0000-0000-0000-000000000002'
]
""")
    return 4


def terraform_unit(root, n, rnd):
    base = os.path.join(root, "terraform", f"app{n:04d}")
    write(os.path.join(base, "modules", "vault", "main.tf"), f"""variable "name" {{
  type = string
}}

variable "resource_group_name" {{
  type = string
}}

variable "purge_protection" {{
  type    = bool
  default = {str(rnd.random() < 0.6).lower()}
}}

resource "azurerm_key_vault" "this" {{
  name                          = var.name
  location                      = "westeurope"
  resource_group_name           = var.resource_group_name
  tenant_id                     = "00000000-0000-0000-0000-000000000000"
  sku_name                      = "standard"
  rbac_authorization_enabled    = {str(rnd.random() < 0.7).lower()}
  purge_protection_enabled      = var.purge_protection
  public_network_access_enabled = {str(rnd.random() < 0.5).lower()}

  network_acls {{
    default_action = "{rnd.choice(["Allow", "Deny"])}"
    bypass         = "AzureServices"
    ip_rules       = ["203.0.113.{n % 250}/32"]
  }}
}}

output "id" {{
  value = azurerm_key_vault.this.id
}}
""")
    write(os.path.join(base, "variables.tf"), """variable "app_name" {
  type = string
}

variable "location" {
  type    = string
  default = "westeurope"
}

variable "principal_ids" {
  type    = list(string)
  default = []
}
""")
    write(os.path.join(base, "main.tf"), f"""terraform {{
  required_providers {{
    azurerm = {{
      source  = "hashicorp/azurerm"
      version = "~> 4.50"
    }}
  }}
}}

resource "azurerm_resource_group" "app" {{
  name     = "rg-${{var.app_name}}"
  location = var.location
}}

module "vault" {{
  source              = "./modules/vault"
  name                = "kv-${{var.app_name}}"
  resource_group_name = azurerm_resource_group.app.name
}}

resource "azurerm_private_endpoint" "vault" {{
  count               = {1 if rnd.random() < 0.7 else 0}
  name                = "pe-${{var.app_name}}"
  location            = var.location
  resource_group_name = azurerm_resource_group.app.name
  subnet_id           = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/endpoints"

  private_service_connection {{
    name                           = "vault"
    private_connection_resource_id = module.vault.id
    subresource_names              = ["{rnd.choice(["vault", "vault", "secrets"])}"]
    is_manual_connection           = false
  }}
}}

resource "azurerm_monitor_diagnostic_setting" "audit" {{
  name                       = "audit"
  target_resource_id         = module.vault.id
  log_analytics_workspace_id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs"

  enabled_log {{
    category_group = "{rnd.choice(["audit", "allLogs"])}"
  }}
}}

resource "azurerm_role_assignment" "readers" {{
  for_each             = toset(var.principal_ids)
  scope                = module.vault.id
  role_definition_name = "{rnd.choice(["Key Vault Secrets User", "Key Vault Administrator", "Owner"])}"
  principal_id         = each.value
}}
""")
    write(os.path.join(base, "terraform.tfvars"), f"""app_name      = "app{n:04d}"
principal_ids = ["{n:08d}-0000-0000-0000-000000000001", "{n:08d}-0000-0000-0000-000000000002"]
""")
    return 4


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    out = sys.argv[1]
    target = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    rnd = random.Random(20261206)
    written, n = 0, 0
    # The corpus's own mix: most files ARM, then Bicep, then Terraform.
    makers = [arm_unit, arm_unit, bicep_unit, bicep_unit, terraform_unit]
    while written < target:
        written += makers[n % len(makers)](out, n, rnd)
        n += 1
    print(f"{written} files in {n} deployment units under {out}")


if __name__ == "__main__":
    main()
