#!/usr/bin/env python3
"""Writes a synthetic ARM corpus for benchmarks: N templates, each with parameters, variables, a copy loop
of vaults, nested deployments and role assignments. Usage: generate.py OUT_DIR [N] (default 400)."""
import json
import os
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 400
os.makedirs(out, exist_ok=True)


def vault(i):
    return {
        "type": "Microsoft.KeyVault/vaults",
        "apiVersion": "2023-07-01" if i % 3 else "2026-02-01",
        "name": "[format('{0}-{1}', variables('prefix'), copyIndex())]",
        "location": "[parameters('location')]",
        "copy": {"name": "vaults", "count": "[parameters('count')]"},
        "properties": {
            "tenantId": "[subscription().tenantId]",
            "sku": {"family": "A", "name": "standard"},
            "enableRbacAuthorization": "[parameters('rbac')]",
            "publicNetworkAccess": "[if(parameters('private'), 'Disabled', 'Enabled')]",
            "networkAcls": {"defaultAction": "[variables('action')]", "bypass": "AzureServices",
                            "copy": [{"name": "ipRules", "count": 4,
                                      "input": {"value": "[format('203.0.113.{0}', copyIndex('ipRules'))]"}}]},
            "enablePurgeProtection": "[if(equals(mod(copyIndex(), 2), 0), true(), null())]",
        },
    }


for t in range(n):
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {
            "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
            "count": {"type": "int", "defaultValue": 5},
            "rbac": {"type": "bool", "defaultValue": t % 2 == 0},
            "private": {"type": "bool", "defaultValue": t % 4 == 0},
        },
        "variables": {
            "prefix": f"[concat('kv', uniqueString(resourceGroup().id, '{t}'))]",
            "action": "[if(parameters('private'), 'Deny', 'Allow')]",
            "roles": {"secretsUser": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')]"},
        },
        "resources": [vault(t)] + [
            {
                "type": "Microsoft.Authorization/roleAssignments",
                "apiVersion": "2022-04-01",
                "scope": "[resourceId('Microsoft.KeyVault/vaults', format('{0}-{1}', variables('prefix'), copyIndex()))]",
                "name": "[guid(variables('prefix'), string(copyIndex()))]",
                "copy": {"name": "assignments", "count": "[parameters('count')]"},
                "properties": {"roleDefinitionId": "[variables('roles').secretsUser]", "principalId": "[guid('principal')]"},
            },
            {
                "type": "Microsoft.Resources/deployments",
                "apiVersion": "2022-09-01",
                "name": f"nested-{t}",
                "properties": {
                    "mode": "Incremental",
                    "expressionEvaluationOptions": {"scope": "inner"},
                    "parameters": {"name": {"value": "[concat(variables('prefix'), '-inner')]"}},
                    "template": {
                        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                        "contentVersion": "1.0.0.0",
                        "parameters": {"name": {"type": "string"}},
                        "resources": [{
                            "type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "[parameters('name')]",
                            "location": "westeurope",
                            "properties": {"tenantId": "[subscription().tenantId]", "sku": {"family": "A", "name": "standard"}},
                        }],
                    },
                },
            },
        ],
    }
    with open(os.path.join(out, f"template{t:04d}.json"), "w") as f:
        json.dump(template, f, indent=2)
print(f"wrote {n} templates to {out}")
